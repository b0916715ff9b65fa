-- AlterTable
ALTER TABLE "access_grants" ADD COLUMN     "deployment_id" TEXT;

-- AddForeignKey
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;
