-- CreateIndex
CREATE UNIQUE INDEX "product_requests_one_open_per_product" ON "product_requests"("domain", "name") WHERE (status IN ('draft', 'submitted', 'approved', 'deploying', 'failed'));
