-- Checks: publications FOR ALL TABLES and FOR TABLES IN SCHEMA; one dropped.
CREATE TABLE orders (id integer PRIMARY KEY, total numeric, note text);
CREATE TABLE customers (id integer PRIMARY KEY, name text);

CREATE SCHEMA archive;
CREATE TABLE archive.old_orders (id integer PRIMARY KEY);
CREATE PUBLICATION everything FOR ALL TABLES;
CREATE PUBLICATION archive_feed FOR TABLES IN SCHEMA archive;
