import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "../../../server/db";
import { canRunDeployments } from "../../../server/authz";
import { getDeployment } from "../../../server/deployments";
import { requireUser } from "../../../server/page-session";
import { getWorkerStatus } from "../../../server/worker-status";
import { DeploymentView } from "../../../ui/deployment/DeploymentView";
import { WorkerStatusNotice } from "../../../ui/deployment/WorkerStatusNotice";
import { orNotFound } from "../../or-not-found";

export const metadata: Metadata = { title: "Deployment" };
export const dynamic = "force-dynamic";

export default async function DeploymentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser();
  if (!canRunDeployments(user)) notFound();
  const [deployment, worker] = await Promise.all([
    orNotFound(getDeployment(db(), id)),
    getWorkerStatus(db()),
  ]);
  return (
    <>
      <WorkerStatusNotice initial={worker} />
      <DeploymentView initial={deployment} />
    </>
  );
}
