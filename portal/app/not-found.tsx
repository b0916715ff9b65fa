import Link from "next/link";

export default function NotFound() {
  return (
    <div className="empty card" role="status">
      <h1>Not found</h1>
      <p>It does not exist, or you are not allowed to see it.</p>
      <Link href="/">Back home</Link>
    </div>
  );
}
