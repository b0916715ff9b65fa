"use client";

export default function ErrorPage({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="alert" data-tone="danger" role="alert">
      <strong>Something went wrong loading this page.</strong>
      <p>The error has been logged. Try again in a moment.</p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
