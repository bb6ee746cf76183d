-- Running aggregates for GetStats (order_counts, sales_totals; see schema.ts). Statement-level
-- triggers with transition tables: one INSERT of signed deltas per statement on `orders`, so a
-- group-committed batch of hundreds of orders costs one small insert, and no transaction waits
-- on a shared counter row. "Paid" means PAID, FULFILLING or SHIPPED, as in GetStats.
CREATE FUNCTION order_aggregates_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_counts (region, node_id, status, orders)
    SELECT region, node_id, status, count(*) FROM new_rows GROUP BY region, node_id, status;
  INSERT INTO sales_totals (region, sku, revenue_cents, quantity)
    SELECT n.region, i.sku, sum(i.quantity * i.unit_price_cents), sum(i.quantity)
    FROM new_rows n JOIN order_items i ON i.order_id = n.order_id
    WHERE n.status IN ('PAID', 'FULFILLING', 'SHIPPED')
    GROUP BY n.region, i.sku;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION order_aggregates_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_counts (region, node_id, status, orders)
    SELECT region, node_id, status, sum(delta) FROM (
      SELECT region, node_id, status, -1 AS delta FROM old_rows
      UNION ALL
      SELECT region, node_id, status, 1 FROM new_rows
    ) d GROUP BY region, node_id, status HAVING sum(delta) <> 0;
  -- An order entering the paid statuses adds its lines to the sales; leaving them takes them off.
  INSERT INTO sales_totals (region, sku, revenue_cents, quantity)
    SELECT n.region, i.sku, sum(s.sign * i.quantity * i.unit_price_cents), sum(s.sign * i.quantity)
    FROM new_rows n JOIN old_rows o ON o.order_id = n.order_id
    CROSS JOIN LATERAL (SELECT CASE
        WHEN n.status IN ('PAID', 'FULFILLING', 'SHIPPED') AND o.status NOT IN ('PAID', 'FULFILLING', 'SHIPPED') THEN 1
        WHEN o.status IN ('PAID', 'FULFILLING', 'SHIPPED') AND n.status NOT IN ('PAID', 'FULFILLING', 'SHIPPED') THEN -1
        ELSE 0 END AS sign) s
    JOIN order_items i ON i.order_id = n.order_id
    WHERE s.sign <> 0
    GROUP BY n.region, i.sku;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Row-level and BEFORE: deleting orders is rare (no part of an order's life deletes one), and
-- before the delete the order's lines are still there (ON DELETE CASCADE removes them after).
CREATE FUNCTION order_aggregates_on_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO order_counts (region, node_id, status, orders) VALUES (OLD.region, OLD.node_id, OLD.status, -1);
  IF OLD.status IN ('PAID', 'FULFILLING', 'SHIPPED') THEN
    INSERT INTO sales_totals (region, sku, revenue_cents, quantity)
      SELECT OLD.region, i.sku, -sum(i.quantity * i.unit_price_cents), -sum(i.quantity)
      FROM order_items i WHERE i.order_id = OLD.order_id GROUP BY i.sku;
  END IF;
  RETURN OLD;
END $$;
--> statement-breakpoint
CREATE FUNCTION order_aggregates_on_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM order_counts;
  DELETE FROM sales_totals;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER orders_aggregates_insert AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_aggregates_on_insert();
--> statement-breakpoint
CREATE TRIGGER orders_aggregates_update AFTER UPDATE ON orders REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION order_aggregates_on_update();
--> statement-breakpoint
CREATE TRIGGER orders_aggregates_delete BEFORE DELETE ON orders FOR EACH ROW EXECUTE FUNCTION order_aggregates_on_delete();
--> statement-breakpoint
CREATE TRIGGER orders_aggregates_truncate AFTER TRUNCATE ON orders FOR EACH STATEMENT EXECUTE FUNCTION order_aggregates_on_truncate();
--> statement-breakpoint
-- What the orders already in the database add up to.
INSERT INTO order_counts (region, node_id, status, orders) SELECT region, node_id, status, count(*) FROM orders GROUP BY region, node_id, status;
--> statement-breakpoint
INSERT INTO sales_totals (region, sku, revenue_cents, quantity)
  SELECT o.region, i.sku, sum(i.quantity * i.unit_price_cents), sum(i.quantity)
  FROM orders o JOIN order_items i ON i.order_id = o.order_id
  WHERE o.status IN ('PAID', 'FULFILLING', 'SHIPPED')
  GROUP BY o.region, i.sku;
