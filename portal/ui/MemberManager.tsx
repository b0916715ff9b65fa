"use client";
/** Domain membership: everyone sees it; owners (and platform admins) add, promote and remove. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import type { DomainDetail } from "../shared/api-schemas";
import { apiSend } from "./api-client";
import { Field } from "./Field";
import { queries } from "./queries";
import { Section } from "./Section";
import { ErrorState } from "./States";
import { Table } from "./Table";

type Role = DomainDetail["members"][number]["role"];

/** The roles in the order offered (api-schemas' DOMAIN_ROLES would ship zod to the browser). */
const ROLES: readonly Role[] = ["member", "owner"];

export function MemberManager(props: { slug: string; initial: DomainDetail }) {
  const queryClient = useQueryClient();
  const options = queries.domain(props.slug);
  const { data } = useQuery({ ...options, initialData: props.initial });
  const onSuccess = (next: DomainDetail) => {
    queryClient.setQueryData(options.queryKey, next);
  };
  const setRole = useMutation({
    mutationFn: (member: { email: string; role: Role }) =>
      apiSend<DomainDetail>("POST", `/api/v1/domains/${props.slug}/members`, member),
    onSuccess,
  });
  const remove = useMutation({
    mutationFn: (userId: string) =>
      apiSend<DomainDetail>(
        "DELETE",
        `/api/v1/domains/${props.slug}/members/${encodeURIComponent(userId)}`,
      ),
    onSuccess,
  });
  const error = setRole.error ?? remove.error;
  return (
    <Section id="members" title="Members">
      {error && <ErrorState title="The change was not saved." detail={error.message} />}
      <Table
        label="Members"
        columns={[
          "Name",
          "Email",
          "Role",
          ...(data.canManageMembers ? [{ label: "Actions", hidden: true } as const] : []),
        ]}
      >
        {data.members.map(({ user, role }) => (
          <tr key={user.id}>
            <td>{user.name}</td>
            <td>{user.email}</td>
            <td>{role}</td>
            {data.canManageMembers && (
              <td>
                <div className="row">
                  <button
                    type="button"
                    className="icon-button"
                    disabled={setRole.isPending}
                    onClick={() => {
                      setRole.mutate({
                        email: user.email,
                        role: role === "owner" ? "member" : "owner",
                      });
                    }}
                  >
                    {role === "owner" ? `Make ${user.name} a member` : `Make ${user.name} an owner`}
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    disabled={remove.isPending}
                    onClick={() => {
                      remove.mutate(user.id);
                    }}
                  >
                    Remove {user.name}
                  </button>
                </div>
              </td>
            )}
          </tr>
        ))}
      </Table>
      {data.canManageMembers && (
        <AddMemberForm
          pending={setRole.isPending}
          onAdd={(member) => {
            setRole.mutate(member);
          }}
        />
      )}
    </Section>
  );
}

function AddMemberForm(props: {
  pending: boolean;
  onAdd: (member: { email: string; role: Role }) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("member");
  return (
    <form
      aria-label="Add a member"
      className="card"
      style={{ marginTop: "1rem" }}
      onSubmit={(event) => {
        event.preventDefault();
        props.onAdd({ email, role });
        setEmail("");
      }}
    >
      <div className="form-grid">
        <Field id="member-email" label="Email of the person to add">
          <input
            id="member-email"
            type="email"
            required
            value={email}
            onChange={(event) => {
              setEmail(event.target.value);
            }}
          />
        </Field>
        <Field id="member-role" label="Role">
          <select
            id="member-role"
            value={role}
            onChange={(event) => {
              setRole(event.target.value as Role);
            }}
          >
            {ROLES.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <button type="submit" className="primary" disabled={props.pending || email === ""}>
        Add member
      </button>
    </form>
  );
}
