/** The conversation on a request, and a box to add to it for those who may. */
import type { RequestDetail } from "../../shared/api-schemas";
import { CommentForm } from "../CommentForm";
import { Timestamp } from "../RelativeTime";
import { Section } from "../Section";

export function RequestComments({
  requestId,
  comments,
  mayComment,
}: {
  requestId: string;
  comments: RequestDetail["comments"];
  mayComment: boolean;
}) {
  return (
    <Section id="comments" title="Comments">
      {comments.length === 0 ? (
        <p className="muted">No comments yet.</p>
      ) : (
        <ul aria-label="Comments" style={{ listStyle: "none", padding: 0 }}>
          {comments.map((comment) => (
            <li key={comment.id} className="card">
              <div className="small muted">
                {comment.author.name} · <Timestamp at={comment.createdAt} />
              </div>
              <p style={{ margin: "0.25rem 0 0", whiteSpace: "pre-wrap" }}>{comment.body}</p>
            </li>
          ))}
        </ul>
      )}
      {mayComment && <CommentForm requestId={requestId} />}
    </Section>
  );
}
