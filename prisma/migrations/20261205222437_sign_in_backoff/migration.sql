-- CreateTable
CREATE TABLE "sign_in_backoff" (
    "email" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "locked_until" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_backoff_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE INDEX "sign_in_backoff_updated_at_idx" ON "sign_in_backoff"("updated_at");
