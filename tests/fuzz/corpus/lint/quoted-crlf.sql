ALTER TABLE "t;x" ADD COLUMN "é" int DEFAULT now() + random() * interval '1s';
LOCK TABLE t IN ACCESS EXCLUSIVE MODE;
