CREATE TABLE "Order" (id integer);
