-- Checks: a schema renamed: across two databases, a drop and a create (with its table).
CREATE SCHEMA reports;
CREATE TABLE reports.daily (day date PRIMARY KEY, total numeric(12,2));
