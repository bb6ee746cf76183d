DROP INDEX "orders_created_idx";--> statement-breakpoint
DROP INDEX "orders_region_status_created_idx";--> statement-breakpoint
CREATE INDEX "orders_region_created_idx" ON "orders" USING btree ("region","created_at" DESC NULLS FIRST,"order_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_created_idx" ON "orders" USING btree ("created_at" DESC NULLS FIRST,"order_id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "orders_region_status_created_idx" ON "orders" USING btree ("region","status","created_at" DESC NULLS FIRST,"order_id" DESC NULLS FIRST);