// Command pulumi-language-nodejs is Meshplane's own small Node.js language host
// for the Pulumi engine.
//
// Pulumi's own language host is a separate Go module that is not served by the
// Go module proxy this project can reach, so tools/pulumi-cli/build.sh builds
// this one instead, against the same github.com/pulumi/pulumi/sdk/v3 version as
// the CLI. It implements the part of the LanguageRuntime gRPC service that the
// CLI needs to run Node.js programs, nodejs policy packs and nodejs plugins:
//
//   - Run: starts `node [nodeargs] @pulumi/pulumi/cmd/run ...` for the program.
//   - RunPlugin: starts @pulumi/pulumi/cmd/run-policy-pack (policy packs) or
//     @pulumi/pulumi/cmd/run-plugin (providers written in Node.js).
//   - GetRequiredPackages/GetRequiredPlugins: resource plugins named by the
//     "pulumi" block of package.json files under node_modules.
//   - InstallDependencies, About, GetProgramDependencies, GetPluginInfo,
//     Handshake, RuntimeOptionsPrompts.
//
// Everything else (code generation, `pulumi convert`, packing SDKs) answers
// Unimplemented.
//
// Runtime options (Pulumi.yaml `runtime.options`) that it honours:
// typescript (default true), nodeargs, tsconfig, packagemanager.
package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/protobuf/types/known/emptypb"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
)

// exitCodeBail is what @pulumi/pulumi/cmd/run exits with after it has already
// shown the user an actionable error; the engine should then not add its own.
const exitCodeBail = 32

func main() {
	flags, positional := parseArgs(os.Args[1:])

	h := &host{flags: flags}
	if len(positional) > 0 {
		h.engineAddress = positional[0]
	}
	h.tracing = flags["tracing"]

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if h.engineAddress != "" {
		// Exit when the engine goes away.
		if err := rpcutil.Healthcheck(ctx, h.engineAddress, 5*time.Minute, cancel); err != nil {
			fatalf("could not start health check: %v", err)
		}
	}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()

	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, h)
			return nil
		},
	})
	if err != nil {
		fatalf("could not start language host gRPC server: %v", err)
	}
	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fatalf("language host gRPC server stopped: %v", err)
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: "+format+"\n", args...)
	os.Exit(1)
}

// parseArgs splits `-key=value` / `--key=value` / `-flag` arguments from
// positional ones. Unknown flags are kept, not rejected, so that a CLI that
// passes flags this host does not know (logging verbosity, for one) still works.
func parseArgs(args []string) (map[string]string, []string) {
	flags := map[string]string{}
	var positional []string
	for _, a := range args {
		if len(a) > 1 && strings.HasPrefix(a, "-") {
			k, v, ok := strings.Cut(strings.TrimLeft(a, "-"), "=")
			if !ok {
				v = "true"
			}
			flags[k] = v
			continue
		}
		positional = append(positional, a)
	}
	return flags, positional
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
	tracing       string
	flags         map[string]string // runtime options given as flags (older CLIs)
}

// runtimeOptions are the Pulumi.yaml `runtime.options` this host understands.
type runtimeOptions struct {
	typescript     bool
	nodeargs       string
	tsconfig       string
	packagemanager string
}

func (h *host) options(info *pulumirpc.ProgramInfo) runtimeOptions {
	get := func(key string) (string, bool) {
		if info != nil && info.GetOptions() != nil {
			if v, ok := info.GetOptions().GetFields()[key]; ok {
				switch k := v.GetKind().(type) {
				case *structpb.Value_BoolValue:
					return fmt.Sprint(k.BoolValue), true
				case *structpb.Value_StringValue:
					return k.StringValue, true
				case *structpb.Value_NumberValue:
					return fmt.Sprint(k.NumberValue), true
				}
			}
		}
		v, ok := h.flags[key]
		return v, ok
	}
	o := runtimeOptions{typescript: true}
	if v, ok := get("typescript"); ok {
		o.typescript = v != "false"
	}
	o.nodeargs, _ = get("nodeargs")
	o.tsconfig, _ = get("tsconfig")
	o.packagemanager, _ = get("packagemanager")
	return o
}

func (h *host) engine() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.engineAddress
}

func (h *host) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version.Version}, nil
}

func (h *host) RuntimeOptionsPrompts(
	context.Context, *pulumirpc.RuntimeOptionsRequest,
) (*pulumirpc.RuntimeOptionsResponse, error) {
	return &pulumirpc.RuntimeOptionsResponse{}, nil
}

// programLocation returns the directory of the program and the entry point
// relative to it ("." when package.json decides).
func programLocation(info *pulumirpc.ProgramInfo, pwd, program string) (string, string) {
	dir, entry := pwd, program
	if info != nil && info.GetProgramDirectory() != "" {
		dir, entry = info.GetProgramDirectory(), info.GetEntryPoint()
	}
	if dir == "" {
		dir, _ = os.Getwd()
	}
	if entry == "" {
		entry = "."
	}
	return dir, entry
}

// resolveModule finds a module file the way `require` from dir would.
func resolveModule(nodeBin, dir, module string) (string, error) {
	cmd := exec.Command(nodeBin, "-e", "process.stdout.write(require.resolve(process.argv[1]))", module)
	cmd.Dir = dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("could not resolve %s from %s (is @pulumi/pulumi installed there? "+
			"run npm install): %v: %s", module, dir, err, strings.TrimSpace(stderr.String()))
	}
	return string(out), nil
}

// splitWords splits a nodeargs string into words, honouring single and double
// quotes and backslash escapes the way a POSIX shell would (without expansion).
func splitWords(s string) ([]string, error) {
	var words []string
	var cur strings.Builder
	inWord := false
	var quote rune
	escaped := false
	for _, r := range s {
		switch {
		case escaped:
			cur.WriteRune(r)
			escaped = false
		case r == '\\' && quote != '\'':
			escaped, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				words = append(words, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 || escaped {
		return nil, fmt.Errorf("unterminated quote or escape in nodeargs %q", s)
	}
	if inWord {
		words = append(words, cur.String())
	}
	return words, nil
}

// nodeEnv is the environment for a node process: ours, plus TypeScript settings.
func nodeEnv(o runtimeOptions, extra ...string) []string {
	env := append(os.Environ(), extra...)
	if o.typescript {
		env = append(env, "PULUMI_NODEJS_TYPESCRIPT=true")
	}
	if o.tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+o.tsconfig)
	}
	return env
}

func (h *host) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	o := h.options(req.GetInfo())
	programDir, entry := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	pwd := req.GetPwd()
	if pwd == "" {
		pwd = programDir
	}
	if entry == "." && filepath.Clean(programDir) != filepath.Clean(pwd) {
		entry = programDir
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return &pulumirpc.RunResponse{Error: "could not find node on the PATH: " + err.Error()}, nil
	}
	runPath := os.Getenv("PULUMI_LANGUAGE_NODEJS_RUN_PATH")
	if runPath == "" {
		runPath = "@pulumi/pulumi/cmd/run"
	}
	if runPath, err = resolveModule(nodeBin, programDir, runPath); err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args, err := splitWords(o.nodeargs)
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}
	if req.GetAttachDebugger() {
		args = append(args, "--inspect-brk")
	}
	args = append(args, runPath)
	flag := func(k, v string) {
		if v != "" {
			args = append(args, "--"+k, v)
		}
	}
	flag("monitor", req.GetMonitorAddress())
	flag("engine", h.engine())
	flag("organization", req.GetOrganization())
	flag("project", req.GetProject())
	flag("stack", req.GetStack())
	flag("pwd", pwd)
	if req.GetInfo() != nil {
		flag("root-directory", req.GetInfo().GetRootDirectory())
	}
	if req.GetDryRun() {
		args = append(args, "--dry-run")
	}
	if req.GetQueryMode() {
		args = append(args, "--query-mode", "true")
	}
	flag("parallel", fmt.Sprint(req.GetParallel()))
	flag("tracing", h.tracing)
	args = append(args, entry)
	args = append(args, req.GetArgs()...)

	config, err := json.Marshal(nonNilMap(req.GetConfig()))
	if err != nil {
		return nil, err
	}
	secretKeys, err := json.Marshal(nonNilSlice(req.GetConfigSecretKeys()))
	if err != nil {
		return nil, err
	}

	cmd := exec.Command(nodeBin, args...)
	cmd.Dir = pwd
	cmd.Env = nodeEnv(o, "PULUMI_CONFIG="+string(config), "PULUMI_CONFIG_SECRET_KEYS="+string(secretKeys))
	// The engine shows what the host prints as the program's output.
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()
	// node may leave writes unflushed; make sure the engine sees them.
	_ = os.Stdout.Sync()
	_ = os.Stderr.Sync()
	if err == nil {
		return &pulumirpc.RunResponse{}, nil
	}
	var exitErr *exec.ExitError
	if errors.As(err, &exitErr) {
		if exitErr.ExitCode() == exitCodeBail {
			return &pulumirpc.RunResponse{Bail: true}, nil
		}
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Program exited with non-zero exit code: %d", exitErr.ExitCode()),
		}, nil
	}
	return &pulumirpc.RunResponse{Error: "could not run node: " + err.Error()}, nil
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func nonNilSlice(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// streamSender serialises sends on a server stream (gRPC streams are not safe
// for concurrent sends).
type streamSender[T any] struct {
	mu   sync.Mutex
	send func(*T) error
}

func (s *streamSender[T]) Send(m *T) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.send(m)
}

// pump copies r to the stream in chunks until EOF.
func pump(r io.Reader, wrap func([]byte) error, done *sync.WaitGroup) {
	defer done.Done()
	buf := make([]byte, 32*1024)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			chunk := append([]byte(nil), buf[:n]...)
			if wrap(chunk) != nil {
				_, _ = io.Copy(io.Discard, r)
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func (h *host) RunPlugin(req *pulumirpc.RunPluginRequest, stream pulumirpc.LanguageRuntime_RunPluginServer) error {
	o := h.options(req.GetInfo())
	programDir, _ := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	if !filepath.IsAbs(programDir) {
		programDir = filepath.Join(req.GetPwd(), programDir)
	}

	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return fmt.Errorf("could not find node on the PATH: %w", err)
	}
	module, args := "@pulumi/pulumi/cmd/run-plugin", []string{programDir}
	args = append(args, req.GetArgs()...)
	if req.GetKind() == "analyzer" {
		// run-policy-pack takes <engine address> <policy pack directory>.
		module = "@pulumi/pulumi/cmd/run-policy-pack"
		args = append(append([]string{}, req.GetArgs()...), programDir)
	}
	modulePath, err := resolveModule(nodeBin, programDir, module)
	if err != nil {
		return err
	}
	nodeArgs, err := splitWords(o.nodeargs)
	if err != nil {
		return err
	}
	if req.GetAttachDebugger() {
		nodeArgs = append(nodeArgs, "--inspect-brk")
	}
	nodeArgs = append(append(nodeArgs, modulePath), args...)

	cmd := exec.CommandContext(stream.Context(), nodeBin, nodeArgs...)
	cmd.Dir = req.GetPwd()
	if cmd.Dir == "" || req.GetKind() == "analyzer" {
		// @pulumi/policy reads the pack's package.json from the working directory.
		cmd.Dir = programDir
	}
	cmd.Env = nodeEnv(o, req.GetEnv()...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}

	sender := &streamSender[pulumirpc.RunPluginResponse]{send: stream.Send}
	var wg sync.WaitGroup
	wg.Add(2)
	go pump(stdout, func(b []byte) error {
		return sender.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stdout{Stdout: b}})
	}, &wg)
	go pump(stderr, func(b []byte) error {
		return sender.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Stderr{Stderr: b}})
	}, &wg)
	wg.Wait()

	code := int32(0)
	if err := cmd.Wait(); err != nil {
		var exitErr *exec.ExitError
		if !errors.As(err, &exitErr) {
			return err
		}
		code = int32(exitErr.ExitCode())
	}
	return sender.Send(&pulumirpc.RunPluginResponse{Output: &pulumirpc.RunPluginResponse_Exitcode{Exitcode: code}})
}

// packageJSON is the part of a package.json this host reads.
type packageJSON struct {
	Name            string            `json:"name"`
	Version         string            `json:"version"`
	Dependencies    map[string]string `json:"dependencies"`
	DevDependencies map[string]string `json:"devDependencies"`
	Pulumi          *struct {
		Resource         bool   `json:"resource"`
		Name             string `json:"name"`
		Version          string `json:"version"`
		Server           string `json:"server"`
		Parameterization *struct {
			Name    string `json:"name"`
			Version string `json:"version"`
			Value   string `json:"value"` // base64
		} `json:"parameterization"`
	} `json:"pulumi"`
}

func readPackageJSON(path string) (*packageJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var p packageJSON
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &p, nil
}

// nodeModulesDirs lists dir/node_modules and those of its parents, nearest first.
func nodeModulesDirs(dir string) []string {
	var dirs []string
	for d := filepath.Clean(dir); ; d = filepath.Dir(d) {
		nm := filepath.Join(d, "node_modules")
		if st, err := os.Stat(nm); err == nil && st.IsDir() {
			dirs = append(dirs, nm)
		}
		if filepath.Dir(d) == d {
			return dirs
		}
	}
}

// packagesIn lists the package directories directly in a node_modules folder.
func packagesIn(nodeModules string) []string {
	entries, err := os.ReadDir(nodeModules)
	if err != nil {
		return nil
	}
	var dirs []string
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(nodeModules, name)
		if strings.HasPrefix(name, "@") {
			scoped, err := os.ReadDir(p)
			if err != nil {
				continue
			}
			for _, s := range scoped {
				dirs = append(dirs, filepath.Join(p, s.Name()))
			}
			continue
		}
		dirs = append(dirs, p)
	}
	return dirs
}

// requiredPackages walks the node_modules trees visible from dir and returns
// every package.json that declares a Pulumi resource plugin.
func requiredPackages(dir string) []*pulumirpc.PackageDependency {
	seen := map[string]bool{}
	visited := map[string]bool{}
	var out []*pulumirpc.PackageDependency
	var walk func(nodeModules string, depth int)
	walk = func(nodeModules string, depth int) {
		if depth > 8 {
			return
		}
		for _, pkgDir := range packagesIn(nodeModules) {
			real, err := filepath.EvalSymlinks(pkgDir)
			if err != nil || visited[real] {
				continue
			}
			visited[real] = true
			if nested := filepath.Join(pkgDir, "node_modules"); isDir(nested) {
				walk(nested, depth+1)
			}
			p, err := readPackageJSON(filepath.Join(pkgDir, "package.json"))
			if err != nil || p.Pulumi == nil || !p.Pulumi.Resource {
				continue
			}
			name := p.Pulumi.Name
			if name == "" {
				if strings.HasPrefix(p.Name, "@") && !strings.HasPrefix(p.Name, "@pulumi/") {
					continue // a third-party scoped package must name its plugin
				}
				name = strings.TrimPrefix(p.Name, "@pulumi/")
			}
			ver := p.Pulumi.Version
			if ver == "" {
				ver = p.Version
			}
			if ver != "" && !strings.HasPrefix(ver, "v") {
				ver = "v" + ver
			}
			dep := &pulumirpc.PackageDependency{
				Name: name, Kind: "resource", Version: ver, Server: p.Pulumi.Server,
			}
			key := name + "@" + ver
			if pz := p.Pulumi.Parameterization; pz != nil {
				value, err := base64.StdEncoding.DecodeString(pz.Value)
				if err != nil {
					continue
				}
				pv := pz.Version
				if pv != "" && !strings.HasPrefix(pv, "v") {
					pv = "v" + pv
				}
				dep.Parameterization = &pulumirpc.PackageParameterization{Name: pz.Name, Version: pv, Value: value}
				key += "/" + pz.Name + "@" + pv
			}
			if !seen[key] {
				seen[key] = true
				out = append(out, dep)
			}
		}
	}
	for _, nm := range nodeModulesDirs(dir) {
		walk(nm, 0)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return out[i].Version < out[j].Version
	})
	return out
}

func isDir(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

func (h *host) GetRequiredPackages(
	_ context.Context, req *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	dir, _ := programLocation(req.GetInfo(), "", "")
	return &pulumirpc.GetRequiredPackagesResponse{Packages: requiredPackages(dir)}, nil
}

func (h *host) GetRequiredPlugins(
	_ context.Context, req *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	dir, _ := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	var plugins []*pulumirpc.PluginDependency
	for _, p := range requiredPackages(dir) {
		if p.Parameterization != nil {
			continue
		}
		plugins = append(plugins, &pulumirpc.PluginDependency{
			Name: p.Name, Kind: p.Kind, Version: p.Version, Server: p.Server,
		})
	}
	return &pulumirpc.GetRequiredPluginsResponse{Plugins: plugins}, nil
}

// packageManager picks the package manager: the packagemanager option, else
// the one whose lock file is in dir, else npm.
func packageManager(o runtimeOptions, dir string) string {
	if o.packagemanager != "" && o.packagemanager != "auto" {
		return o.packagemanager
	}
	for _, c := range []struct{ lock, pm string }{
		{"pnpm-lock.yaml", "pnpm"}, {"yarn.lock", "yarn"}, {"bun.lock", "bun"}, {"bun.lockb", "bun"},
	} {
		if _, err := os.Stat(filepath.Join(dir, c.lock)); err == nil {
			return c.pm
		}
	}
	return "npm"
}

func (h *host) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, stream pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetDirectory()
	if req.GetInfo() != nil && req.GetInfo().GetProgramDirectory() != "" {
		dir = req.GetInfo().GetProgramDirectory()
	}
	pm := packageManager(h.options(req.GetInfo()), dir)
	cmd := exec.CommandContext(stream.Context(), pm, "install")
	cmd.Dir = dir
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("could not run %s install: %w", pm, err)
	}
	sender := &streamSender[pulumirpc.InstallDependenciesResponse]{send: stream.Send}
	var wg sync.WaitGroup
	wg.Add(2)
	go pump(stdout, func(b []byte) error {
		return sender.Send(&pulumirpc.InstallDependenciesResponse{Stdout: b})
	}, &wg)
	go pump(stderr, func(b []byte) error {
		return sender.Send(&pulumirpc.InstallDependenciesResponse{Stderr: b})
	}, &wg)
	wg.Wait()
	if err := cmd.Wait(); err != nil {
		return fmt.Errorf("%s install failed in %s: %w", pm, dir, err)
	}
	return nil
}

func (h *host) About(context.Context, *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodeBin, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("could not find node on the PATH: %w", err)
	}
	out, err := exec.Command(nodeBin, "--version").Output()
	if err != nil {
		return nil, fmt.Errorf("node --version: %w", err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodeBin,
		Version:    strings.TrimPrefix(strings.TrimSpace(string(out)), "v"),
	}, nil
}

// GetProgramDependencies reports the program's direct dependencies from
// package.json, with the version installed in node_modules when there is one.
func (h *host) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir, _ := programLocation(req.GetInfo(), req.GetPwd(), req.GetProgram())
	p, err := readPackageJSON(filepath.Join(dir, "package.json"))
	if err != nil {
		return nil, err
	}
	deps := map[string]string{}
	for n, v := range p.DevDependencies {
		deps[n] = v
	}
	for n, v := range p.Dependencies {
		deps[n] = v
	}
	names := make([]string, 0, len(deps))
	for n := range deps {
		names = append(names, n)
	}
	sort.Strings(names)
	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, n := range names {
		v := deps[n]
		for _, nm := range nodeModulesDirs(dir) {
			if ip, err := readPackageJSON(filepath.Join(nm, n, "package.json")); err == nil {
				v = ip.Version
				break
			}
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: n, Version: v})
	}
	return resp, nil
}
