import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { db } from "#portal/server/db";
import { canRunDeployments } from "#portal/server/authz";
import { getDeployment } from "#portal/server/deployments";
import { requireUser } from "#portal/server/page-session";
import { getWorkerStatus } from "#portal/server/worker-status";
import { DeploymentView } from "#portal/ui/deployment/DeploymentView";
import { WorkerStatusNotice } from "#portal/ui/deployment/WorkerStatusNotice";
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
