-- Checks: names that need quotes everywhere: a schema, a table, a view, a function, a policy and grants to a role with a blank in its name.
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'Sluice Reader') THEN
    CREATE ROLE "Sluice Reader";
  END IF;
END $$;

CREATE SCHEMA "Sales Dept";
CREATE TABLE "Sales Dept"."Orders" ("Id" integer PRIMARY KEY, "select" text);
CREATE VIEW "Sales Dept"."Big Orders" AS SELECT "Id", "select" FROM "Sales Dept"."Orders" WHERE "Id" > 10;
CREATE FUNCTION "Sales Dept"."Calc"("Value" integer) RETURNS integer LANGUAGE sql AS 'SELECT "Value" * 2';
GRANT USAGE ON SCHEMA "Sales Dept" TO "Sluice Reader";
GRANT SELECT ON "Sales Dept"."Big Orders" TO "Sluice Reader";
GRANT SELECT ("select") ON "Sales Dept"."Orders" TO "Sluice Reader";
REVOKE EXECUTE ON FUNCTION "Sales Dept"."Calc"(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION "Sales Dept"."Calc"(integer) TO "Sluice Reader" WITH GRANT OPTION;
ALTER TABLE "Sales Dept"."Orders" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Readers See Big" ON "Sales Dept"."Orders" FOR SELECT TO "Sluice Reader" USING ("Id" > 10);
COMMENT ON VIEW "Sales Dept"."Big Orders" IS 'Orders over 10, "big" ones';
