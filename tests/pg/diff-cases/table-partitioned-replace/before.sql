CREATE TABLE readings (id bigint NOT NULL, at date NOT NULL);
