/**
 * Data-product specs at scale: each is one of contract/examples varied in its identity (domain,
 * name, owners, description, tags, declared inputs, freshness), so tiers, clouds, regions, columns
 * and inference settings stay combinations the contract accepts, and every spec is checked with
 * DataProductSpec.parse as it is made.
 */
import { DataProductSpec, NAME_MAX_LENGTH, type DataProductSpecInput } from "#contract";
import type { ExampleSpec } from "#contract/examples";
import type { Random } from "../random";

const DOMAIN_WORDS = [
  "payments", "customer", "iot", "reference", "marketing", "logistics", "finance", "risk",
  "supply", "people", "sales", "support", "growth", "security", "pricing", "inventory",
  "billing", "fleet", "energy", "claims", "lending", "trading", "retail", "media", "health",
] as const; // prettier-ignore

const SUBJECTS = [
  "orders", "sessions", "invoices", "shipments", "accounts", "devices", "readings", "refunds",
  "campaigns", "tickets", "contracts", "quotes", "returns", "visits", "alerts", "balances",
  "positions", "stores", "listings", "claims", "payouts", "ledgers", "routes", "prices",
] as const; // prettier-ignore

const QUALIFIERS = [
  "daily", "hourly", "raw", "curated", "enriched", "monthly", "weekly", "latest", "scored",
  "deduplicated", "aggregated", "regional", "global", "open", "closed", "pending",
] as const; // prettier-ignore

const VERBS = [
  "joined with",
  "aggregated by",
  "partitioned by",
  "deduplicated on",
  "scored against",
] as const;
const FIRST_NAMES = [
  "ana",
  "ben",
  "chen",
  "dina",
  "emil",
  "fatima",
  "goran",
  "hana",
  "ivo",
  "jun",
] as const;
const SOURCES = ["kafka", "cdc", "batch", "api", "sftp"] as const;

export interface GeneratedDomain {
  slug: string;
  name: string;
  description: string;
}

export function generateDomains(count: number): GeneratedDomain[] {
  return Array.from({ length: count }, (_, index) => {
    const word = DOMAIN_WORDS[index % DOMAIN_WORDS.length] as string;
    const round = Math.floor(index / DOMAIN_WORDS.length);
    const slug = round === 0 ? word : `${word}-${round}`;
    return {
      slug,
      name: titleCase(slug.replaceAll("-", " ")),
      description: `The ${word} domain (benchmark data, generation ${round}).`,
    };
  });
}

function titleCase(text: string): string {
  return text.replace(/\b[a-z]/g, (letter) => letter.toUpperCase());
}

function productName(random: Random, index: number): string {
  const name = `${random.pick(QUALIFIERS)}-${random.pick(SUBJECTS)}-${index}`;
  return name.slice(0, NAME_MAX_LENGTH);
}

function description(random: Random, subject: string, domain: string): string {
  const other = random.pick(SUBJECTS);
  return `${titleCase(subject)} of the ${domain} domain ${random.pick(VERBS)} ${other}, refreshed ${random.pick(QUALIFIERS)} from ${random.pick(SOURCES)}.`;
}

/** Up to three earlier products: declared inputs only point backwards, so they form a DAG. */
function declaredInputs(random: Random, earlier: readonly string[]): string[] {
  if (earlier.length === 0) return [];
  const window = earlier.slice(-500);
  return random.sample(window, random.int(4));
}

export interface SpecGeneration {
  random: Random;
  templates: readonly ExampleSpec[];
  domains: readonly GeneratedDomain[];
}

export function generateSpecs(count: number, generation: SpecGeneration): DataProductSpec[] {
  const { random, templates, domains } = generation;
  const specs: DataProductSpec[] = [];
  const refs: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const template = random.pick(templates).spec;
    const domain = random.pick(domains).slug;
    const name = productName(random, index);
    const subject = name.split("-")[1] ?? "data";
    const input: DataProductSpecInput = {
      ...structuredClone(template),
      domain,
      name,
      displayName: titleCase(name.replaceAll("-", " ")),
      description: description(random, subject, domain),
      owners: {
        team: `${domain}-data`,
        emails: [`${random.pick(FIRST_NAMES)}@${domain}.example.com`],
      },
      sla: { ...template.sla, freshnessMinutes: 15 * (1 + random.int(96)) },
      inputs: declaredInputs(random, refs),
      tags: { "cost-center": `cc-${1000 + random.int(9000)}`, source: random.pick(SOURCES) },
    };
    const spec = DataProductSpec.parse(input);
    specs.push(spec);
    refs.push(`${spec.domain}/${spec.name}`);
  }
  return specs;
}
