-- sluice-expects: add-constraint-builds-index
SET lock_timeout = '2s';
SET statement_timeout = '60s';
ALTER TABLE order_lines ADD PRIMARY KEY (order_id, line_no);
