CREATE SCHEMA old_reports;
CREATE TABLE old_reports.daily (day date PRIMARY KEY, total numeric(12,2));
