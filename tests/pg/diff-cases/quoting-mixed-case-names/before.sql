DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Sluice Reader') THEN
    CREATE ROLE "Sluice Reader";
  END IF;
END $$;

CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."Orders" ("Id" integer PRIMARY KEY, "select" text);
