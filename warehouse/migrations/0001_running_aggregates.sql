CREATE TABLE "order_counts" (
	"region" text NOT NULL,
	"node_id" text NOT NULL,
	"status" "order_status" NOT NULL,
	"orders" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sales_totals" (
	"region" text NOT NULL,
	"sku" text NOT NULL,
	"revenue_cents" bigint NOT NULL,
	"quantity" bigint NOT NULL
);
