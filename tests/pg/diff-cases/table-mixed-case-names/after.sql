-- quoted identifiers: a mixed-case table, a column with a space, a keyword
CREATE TABLE "Order" (id integer, "Delivery Date" date, "user" text);
CREATE TABLE "Line Items" ("select" integer, "Order" integer);
