/* sluice-catalog-queries.c: the statements of a catalog capture, one per
 * kind of object, set-based, from pg_catalog only
 *
 * Each object query returns, in any order, the columns:
 *   _oid, _subid          the object's OID (a column's table) and attnum
 *   _schema, _parent, _name, _args   its names (see sluice_catalog_object_new())
 *   _parent_kind          optional: the kind string of a child's parent
 *   _alias_class, _alias_oid   optional: another catalog row that stands
 *                         for the object in pg_depend (a column's default,
 *                         a view's rule, the index of a constraint)
 *   _alias2_class, _alias2_oid  optional: one more (a range's multirange)
 *   _pof_schema, _pof_name optional: an index's partitioned parent index
 * and every other column is an attribute of the vocabulary in
 * sluice-catalog-object.h, named as it, NULL when absent.
 *
 * The transaction sets search_path to '' (so every deparsed name of a
 * user object is schema-qualified, whatever the role's settings) and the
 * date, interval and float output settings, as pg_dump does: two
 * identical databases give identical text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sluice-catalog-private.h"

/* Schemas PostgreSQL owns, and temporary ones. */
#define NS_OK(n) " (" n ".nspname <> 'information_schema' AND " n ".nspname !~ '^pg_(catalog$|toast|temp_)') "

/* Not created by CREATE EXTENSION. */
#define NOT_MEMBER(catalog, oid_expr) \
  " NOT EXISTS (SELECT FROM pg_depend x WHERE x.classid = '" catalog "'::regclass" \
  " AND x.objid = " oid_expr " AND x.objsubid = 0 AND x.deptype = 'e') "

/* aclitems sorted, so the order GRANTs ran in does not matter. */
#define ACL(expr) \
  " CASE WHEN " expr " IS NULL THEN NULL ELSE '{' || coalesce((SELECT string_agg(a::text, ',' ORDER BY a::text COLLATE \"C\")" \
  " FROM unnest(" expr ") a), '') || '}' END "

/* As ACL, but an ACL holding exactly acldefault (kind, owner) is reported
 * as none: after GRANT then REVOKE PostgreSQL keeps that explicit default
 * where an object never granted has NULL, and both mean the same rights.
 * Compared as sets, since the items' order differs (functions, types). */
#define ACL_UNLESS_DEFAULT(expr, kind, owner_expr) \
  " CASE WHEN " expr " @> acldefault('" kind "', " owner_expr ")" \
  " AND " expr " <@ acldefault('" kind "', " owner_expr ") THEN NULL ELSE" ACL (expr) "END "

#define COMMENT_JOIN(alias, catalog, oid_expr, subid_expr) \
  " LEFT JOIN pg_description " alias " ON " alias ".objoid = " oid_expr \
  " AND " alias ".classoid = '" catalog "'::regclass AND " alias ".objsubid = " subid_expr " "

/* A collation's name as COLLATE takes it: the built-in ones bare. */
#define COLLATION_NAME(oid_expr) \
  " (SELECT CASE WHEN cn.nspname = 'pg_catalog' THEN quote_ident(co.collname)" \
  " ELSE quote_ident(cn.nspname) || '.' || quote_ident(co.collname) END" \
  " FROM pg_collation co JOIN pg_namespace cn ON cn.oid = co.collnamespace WHERE co.oid = " oid_expr ") "

#define QUALIFIED(n, name) " quote_ident(" n ".nspname) || '.' || quote_ident(" name ") "

#define SORTED_LIST(array_expr) \
  " (SELECT string_agg(o, ', ' ORDER BY o COLLATE \"C\") FROM unnest(" array_expr ") o) "

static const char begin_sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

static const char settings_sql[] =
  "SELECT set_config('search_path', '', true), set_config('datestyle', 'ISO, MDY', true),"
  "       set_config('intervalstyle', 'postgres', true), set_config('extra_float_digits', '3', true),"
  "       set_config('timezone', 'UTC', true),"
  /* The big catalog queries cost enough to be JIT-compiled, which takes
   * longer (a tenth to a third of a second each) than the compiled code
   * saves on queries that mostly look up catalog rows and deparse. */
  "       set_config('jit', 'off', true),"
  /* Parallel workers would each build their own caches of the relations
   * the deparsers look at, for queries that are mostly deparsing. */
  "       set_config('max_parallel_workers_per_gather', '0', true)";

static const char server_sql[] =
  "SELECT current_database(), current_setting('server_version'),"
  "       current_setting('server_version_num')::int,"
  "       to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

static const char schemas_sql[] =
  "SELECT n.oid AS _oid, 0 AS _subid, NULL AS _schema, NULL AS _parent, n.nspname AS _name, NULL AS _args,"
  "       pg_get_userbyid(n.nspowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("n.nspacl", "n", "n.nspowner") " AS acl"
  "  FROM pg_namespace n"
  COMMENT_JOIN ("d", "pg_namespace", "n.oid", "0")
  " WHERE" NS_OK ("n") "AND" NOT_MEMBER ("pg_namespace", "n.oid");

static const char extensions_sql[] =
  "SELECT e.oid AS _oid, 0 AS _subid, NULL AS _schema, NULL AS _parent, e.extname AS _name, NULL AS _args,"
  "       pg_get_userbyid(e.extowner) AS owner, d.description AS comment,"
  "       e.extversion AS version, quote_ident(n.nspname) AS schema"
  "  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
  COMMENT_JOIN ("d", "pg_extension", "e.oid", "0")
  " WHERE" NOT_MEMBER ("pg_extension", "e.oid");

/* %s: the ICU locale's column (colllocale from 17, colliculocale in 15
 * and 16, collcollate before). */
static const char collations_sql[] =
  "SELECT c.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, c.collname AS _name, NULL AS _args,"
  "       pg_get_userbyid(c.collowner) AS owner, d.description AS comment,"
  "       CASE c.collprovider WHEN 'i' THEN 'icu' WHEN 'c' THEN 'libc' ELSE 'default' END AS provider,"
  "       CASE WHEN c.collprovider = 'i' THEN %s"
  "            WHEN c.collcollate = c.collctype THEN c.collcollate END AS locale,"
  "       CASE WHEN c.collprovider <> 'i' AND c.collcollate IS DISTINCT FROM c.collctype THEN c.collcollate END AS lc_collate,"
  "       CASE WHEN c.collprovider <> 'i' AND c.collcollate IS DISTINCT FROM c.collctype THEN c.collctype END AS lc_ctype,"
  "       c.collisdeterministic::text AS deterministic"
  "  FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace"
  COMMENT_JOIN ("d", "pg_collation", "c.oid", "0")
  " WHERE" NS_OK ("n") "AND" NOT_MEMBER ("pg_collation", "c.oid");

/* %s: the multirange's OID and name (from 14), or NULLs. */
static const char types_sql[] =
  "SELECT t.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, t.typname AS _name, NULL AS _args,"
  "       'pg_type'::regclass::oid AS _alias_class, nullif(t.typarray, 0) AS _alias_oid,"
  "       'pg_type'::regclass::oid AS _alias2_class, %s AS _alias2_oid,"
  "       pg_get_userbyid(t.typowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("t.typacl", "T", "t.typowner") " AS acl,"
  "       CASE t.typtype WHEN 'e' THEN 'enum' WHEN 'd' THEN 'domain' WHEN 'c' THEN 'composite' ELSE 'range' END AS type_kind,"
  "       CASE WHEN t.typtype = 'e' THEN (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder)"
  "                                        FROM pg_enum e WHERE e.enumtypid = t.oid) END AS labels,"
  "       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END AS base_type,"
  "       CASE WHEN t.typtype = 'd' THEN coalesce(pg_get_expr(t.typdefaultbin, 0), t.typdefault) END AS \"default\","
  "       CASE WHEN t.typtype = 'd' THEN t.typnotnull::text END AS not_null,"
  "       CASE WHEN t.typtype = 'd' AND t.typcollation <> 0 AND t.typcollation <> bt.typcollation"
  "              THEN " COLLATION_NAME ("t.typcollation")
  "            WHEN t.typtype = 'r' AND r.rngcollation <> 0 AND r.rngcollation <> st.typcollation"
  "              THEN " COLLATION_NAME ("r.rngcollation") " END AS \"collation\","
  "       CASE WHEN t.typtype = 'c' THEN"
  "         (SELECT string_agg(quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)"
  "                            || CASE WHEN a.attcollation <> at.typcollation"
  "                                    THEN ' COLLATE ' || " COLLATION_NAME ("a.attcollation") " ELSE '' END,"
  "                            ', ' ORDER BY a.attnum)"
  "            FROM pg_attribute a JOIN pg_type at ON at.oid = a.atttypid"
  "           WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped) END AS attributes,"
  "       CASE WHEN t.typtype = 'r' THEN format_type(r.rngsubtype, NULL) END AS subtype,"
  "       CASE WHEN t.typtype = 'r' AND NOT oc.opcdefault THEN" QUALIFIED ("ocn", "oc.opcname") "END AS subtype_opclass,"
  "       CASE WHEN r.rngcanonical <> 0 THEN r.rngcanonical::regproc::text END AS canonical,"
  "       CASE WHEN r.rngsubdiff <> 0 THEN r.rngsubdiff::regproc::text END AS subtype_diff,"
  "       %s AS multirange_type_name"
  "  FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace"
  "  LEFT JOIN pg_type bt ON bt.oid = t.typbasetype"
  "  LEFT JOIN pg_class tc ON tc.oid = t.typrelid"
  "  LEFT JOIN pg_range r ON r.rngtypid = t.oid"
  "  LEFT JOIN pg_type st ON st.oid = r.rngsubtype"
  "  LEFT JOIN pg_opclass oc ON oc.oid = r.rngsubopc"
  "  LEFT JOIN pg_namespace ocn ON ocn.oid = oc.opcnamespace"
  "%s"
  COMMENT_JOIN ("d", "pg_type", "t.oid", "0")
  " WHERE (t.typtype IN ('e', 'd', 'r') OR (t.typtype = 'c' AND tc.relkind = 'c'))"
  "   AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_type", "t.oid");

/* %s: 'f' or 'p'; then the body (the SQL-standard body from 14). */
static const char routines_sql[] =
  "SELECT p.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, p.proname AS _name,"
  "       oidvectortypes(p.proargtypes) AS _args,"
  "       pg_get_userbyid(p.proowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("p.proacl", "f", "p.proowner") " AS acl,"
  "       pg_get_function_arguments(p.oid) AS arguments,"
  "       CASE WHEN p.prokind = 'f' THEN pg_get_function_result(p.oid) END AS returns,"
  "       l.lanname AS language, %s AS body,"
  "       CASE p.provolatile WHEN 'i' THEN 'immutable' WHEN 's' THEN 'stable' ELSE 'volatile' END AS volatility,"
  "       p.proisstrict::text AS strict,"
  "       CASE WHEN p.prosecdef THEN 'definer' ELSE 'invoker' END AS security,"
  "       CASE p.proparallel WHEN 's' THEN 'safe' WHEN 'r' THEN 'restricted' ELSE 'unsafe' END AS parallel,"
  "       p.proleakproof::text AS leakproof, p.procost::text AS cost,"
  "       CASE WHEN p.proretset THEN p.prorows::text END AS rows,"
  "      " SORTED_LIST ("p.proconfig") "AS config,"
  "       pg_get_functiondef(p.oid) AS definition"
  "  FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
  "  JOIN pg_language l ON l.oid = p.prolang"
  COMMENT_JOIN ("d", "pg_proc", "p.oid", "0")
  " WHERE p.prokind = '%s' AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_proc", "p.oid")
  /* A range type's constructors come with CREATE TYPE. */
  "   AND NOT EXISTS (SELECT FROM pg_depend i WHERE i.classid = 'pg_proc'::regclass AND i.objid = p.oid"
  "                      AND i.objsubid = 0 AND i.deptype = 'i')";

static const char sequences_sql[] =
  "SELECT c.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, c.relname AS _name, NULL AS _args,"
  "       pg_get_userbyid(c.relowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("c.relacl", "s", "c.relowner") " AS acl,"
  "       format_type(s.seqtypid, NULL) AS data_type, s.seqstart::text AS start,"
  "       s.seqincrement::text AS increment, s.seqmin::text AS min, s.seqmax::text AS max,"
  "       s.seqcache::text AS cache, s.seqcycle::text AS cycle,"
  "       (SELECT" QUALIFIED ("tn", "tc.relname") "|| '.' || quote_ident(ta.attname)"
  "          FROM pg_depend o JOIN pg_class tc ON tc.oid = o.refobjid"
  "          JOIN pg_namespace tn ON tn.oid = tc.relnamespace"
  "          JOIN pg_attribute ta ON ta.attrelid = tc.oid AND ta.attnum = o.refobjsubid"
  "         WHERE o.classid = 'pg_class'::regclass AND o.objid = c.oid AND o.objsubid = 0"
  "           AND o.refclassid = 'pg_class'::regclass AND o.refobjsubid > 0 AND o.deptype = 'a'"
  "         LIMIT 1) AS owned_by"
  "  FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid"
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"
  COMMENT_JOIN ("d", "pg_class", "c.oid", "0")
  " WHERE" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid")
  /* An identity column's sequence is part of the column. */
  "   AND NOT EXISTS (SELECT FROM pg_depend i WHERE i.classid = 'pg_class'::regclass AND i.objid = c.oid"
  "                      AND i.objsubid = 0 AND i.deptype = 'i')";

static const char tables_sql[] =
  "SELECT c.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, c.relname AS _name, NULL AS _args,"
  "       pg_get_userbyid(c.relowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("c.relacl", "r", "c.relowner") " AS acl,"
  "       CASE c.relkind WHEN 'p' THEN 'partitioned' ELSE 'table' END AS relkind,"
  "       CASE c.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'permanent' END AS persistence,"
  "       CASE WHEN c.relkind = 'p' THEN pg_get_partkeydef(c.oid) END AS partition_key,"
  "       CASE WHEN c.relispartition THEN"
  "         (SELECT" QUALIFIED ("pn", "pc.relname") "FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent"
  "            JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid LIMIT 1) END AS partition_of,"
  "       CASE WHEN c.relispartition THEN pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,"
  "       CASE WHEN NOT c.relispartition THEN"
  "         (SELECT string_agg(" QUALIFIED ("pn", "pc.relname") ", ', ' ORDER BY i.inhseqno)"
  "            FROM pg_inherits i JOIN pg_class pc ON pc.oid = i.inhparent"
  "            JOIN pg_namespace pn ON pn.oid = pc.relnamespace WHERE i.inhrelid = c.oid) END AS inherits,"
  "      " SORTED_LIST ("c.reloptions") "AS options,"
  "       c.relrowsecurity::text AS row_security, c.relforcerowsecurity::text AS force_row_security,"
  "       CASE c.relreplident WHEN 'd' THEN 'default' WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full'"
  "            ELSE 'index' END AS replica_identity,"
  "       CASE WHEN c.relreplident = 'i' THEN"
  "         (SELECT quote_ident(ic.relname) FROM pg_index ri JOIN pg_class ic ON ic.oid = ri.indexrelid"
  "           WHERE ri.indrelid = c.oid AND ri.indisreplident LIMIT 1) END AS replica_identity_index"
  "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
  COMMENT_JOIN ("d", "pg_class", "c.oid", "0")
  " WHERE c.relkind IN ('r', 'p') AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid");

/* %s: the compression (from 14), or NULL.  A column's ACL needs no
 * ACL_UNLESS_DEFAULT: PostgreSQL sets attacl back to NULL once it is empty. */
static const char columns_sql[] =
  "SELECT a.attrelid AS _oid, a.attnum AS _subid, n.nspname AS _schema, c.relname AS _parent,"
  "       a.attname AS _name, NULL AS _args,"
  "       'pg_attrdef'::regclass::oid AS _alias_class, ad.oid AS _alias_oid,"
  "       d.description AS comment, " ACL ("a.attacl") " AS acl,"
  "       format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull::text AS not_null,"
  /* A default cannot refer to columns, so it is deparsed without opening
   * its table: the same text, at a fraction of the cost. */
  "       CASE WHEN a.attgenerated = '' AND a.attidentity = '' THEN pg_get_expr(ad.adbin, 0) END AS \"default\","
  "       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity,"
  "       CASE WHEN a.attidentity <> '' THEN"
  "         (SELECT CASE WHEN s.seqstart = 1 AND s.seqincrement = 1 AND s.seqmin = 1 AND s.seqcache = 1"
  "                       AND NOT s.seqcycle"
  "                       AND s.seqmax = CASE s.seqtypid WHEN 'int2'::regtype THEN 32767"
  "                                                      WHEN 'int4'::regtype THEN 2147483647"
  "                                                      ELSE 9223372036854775807 END"
  "                      THEN NULL"
  "                      ELSE 'START WITH ' || s.seqstart || ' INCREMENT BY ' || s.seqincrement"
  "                           || ' MINVALUE ' || s.seqmin || ' MAXVALUE ' || s.seqmax"
  "                           || ' CACHE ' || s.seqcache"
  "                           || CASE WHEN s.seqcycle THEN ' CYCLE' ELSE ' NO CYCLE' END END"
  "            FROM pg_depend o JOIN pg_sequence s ON s.seqrelid = o.objid"
  "           WHERE o.refclassid = 'pg_class'::regclass AND o.refobjid = a.attrelid"
  "             AND o.refobjsubid = a.attnum AND o.classid = 'pg_class'::regclass AND o.deptype = 'i'"
  "           LIMIT 1) END AS identity_options,"
  "       CASE WHEN a.attgenerated = 's' THEN pg_get_expr(ad.adbin, ad.adrelid) END AS generated,"
  "       CASE WHEN a.attcollation <> t.typcollation THEN " COLLATION_NAME ("a.attcollation") " END AS \"collation\","
  "       CASE WHEN a.attstorage <> t.typstorage THEN"
  "         CASE a.attstorage WHEN 'p' THEN 'plain' WHEN 'e' THEN 'external' WHEN 'x' THEN 'extended'"
  "                           ELSE 'main' END END AS storage,"
  "       %s AS compression,"
  "       CASE WHEN a.attstattarget >= 0 THEN a.attstattarget::text END AS statistics,"
  "       a.attislocal::text AS local"
  "  FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"
  "  JOIN pg_type t ON t.oid = a.atttypid"
  /* Looked up only for a column that has one (OFFSET 0 keeps the test
   * before the lookup): joined, pg_attrdef was searched for every column. */
  "  LEFT JOIN LATERAL (SELECT ad.oid, ad.adrelid, ad.adbin FROM pg_attrdef ad"
  "                      WHERE a.atthasdef AND ad.adrelid = a.attrelid AND ad.adnum = a.attnum OFFSET 0) ad ON true"
  COMMENT_JOIN ("d", "pg_class", "a.attrelid", "a.attnum")
  " WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
  "   AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid");

static const char constraints_sql[] =
  "SELECT k.oid AS _oid, 0 AS _subid, n.nspname AS _schema, c.relname AS _parent, k.conname AS _name,"
  "       NULL AS _args, 'table' AS _parent_kind,"
  "       'pg_class'::regclass::oid AS _alias_class,"
  "       CASE WHEN k.contype IN ('p', 'u', 'x') THEN nullif(k.conindid, 0) END AS _alias_oid,"
  "       d.description AS comment,"
  "       CASE k.contype WHEN 'p' THEN 'primary' WHEN 'u' THEN 'unique' WHEN 'f' THEN 'foreign'"
  "                      WHEN 'c' THEN 'check' ELSE 'exclusion' END AS type,"
  "       pg_get_constraintdef(k.oid) AS definition, k.convalidated::text AS validated,"
  "       k.conislocal::text AS local"
  "  FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"
  COMMENT_JOIN ("d", "pg_constraint", "k.oid", "0")
  " WHERE k.contype IN ('p', 'u', 'f', 'c', 'x') AND c.relkind IN ('r', 'p')"
  "   AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid")
  /* A foreign key to a partitioned table has a row per referenced
   * partition too, of the same name and table: the server's business. */
  "   AND NOT (k.conparentid <> 0 AND EXISTS (SELECT FROM pg_constraint pk"
  "                                           WHERE pk.oid = k.conparentid AND pk.conrelid = k.conrelid))"
  " UNION ALL "
  "SELECT k.oid, 0, n.nspname, t.typname, k.conname, NULL, 'type',"
  "       'pg_class'::regclass::oid, NULL, d.description, 'check',"
  "       pg_get_constraintdef(k.oid), k.convalidated::text, k.conislocal::text"
  "  FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid"
  "  JOIN pg_namespace n ON n.oid = t.typnamespace"
  COMMENT_JOIN ("d", "pg_constraint", "k.oid", "0")
  " WHERE k.contypid <> 0 AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_type", "t.oid");

/* pg_get_indexdef() costs more than everything else of a capture put
 * together (it looks up each column's default operator class by scanning
 * pg_opclass, and opens the table), so the common indexes — plain columns
 * with their type's default operator class and collation, no storage
 * parameters — have their definition written here, exactly as
 * pg_get_indexdef() writes it; the others still ask it.  A partial index's
 * predicate is what pg_get_expr() gives: pg_get_indexdef() deparses it
 * with the same flags and context after its " WHERE ".
 *
 * "Default" is GetDefaultOpClass()'s: the type's own, an enum's enum_ops,
 * varchar's text_ops.  The default classes are listed once per query
 * (uncorrelated, so each ARRAY() is an InitPlan run once) and a key's class
 * looked up in them as (class << 32 | input type).  Joined per key, as
 * before, the planner (guessing six keys per index) hashed the keys and
 * read all of the table's columns, or scanned pg_opclass, for each
 * index. */
#define INDEX_KEY_IS_PLAIN \
  " (s.k >= i.indnkeyatts" \
  "  OR ((((i.indclass[s.k]::int8 << 32) | a.atttypid::int8)" \
  "         = ANY (ARRAY(SELECT (oid::int8 << 32) | opcintype::int8 FROM pg_opclass WHERE opcdefault))" \
  "       OR (i.indclass[s.k] = ANY (ARRAY(SELECT oid FROM pg_opclass" \
  "                                         WHERE opcdefault AND opcintype = 'anyenum'::regtype))" \
  "           AND t.typtype = 'e')" \
  "       OR (i.indclass[s.k] = ANY (ARRAY(SELECT oid FROM pg_opclass" \
  "                                         WHERE opcdefault AND opcintype = 'text'::regtype))" \
  "           AND a.atttypid = 'varchar'::regtype))" \
  "      AND (i.indcollation[s.k] = 0 OR i.indcollation[s.k] = a.attcollation)))" \
  " AND ia.attoptions IS NULL "

#define INDEX_PREDICATE " CASE WHEN i.indpred IS NOT NULL THEN pg_get_expr(i.indpred, i.indrelid) END "

#define INDEX_DEFINITION(nulls_not_distinct) \
  " coalesce(CASE WHEN i.indexprs IS NULL AND ic.reloptions IS NULL THEN" \
  "   (SELECT CASE WHEN bool_and(" INDEX_KEY_IS_PLAIN ") THEN" \
  "      'CREATE ' || CASE WHEN i.indisunique THEN 'UNIQUE ' ELSE '' END || 'INDEX ' || quote_ident(ic.relname)" \
  "      || ' ON ' || CASE WHEN ic.relkind = 'I' THEN 'ONLY ' ELSE '' END" \
  "      || quote_ident(n.nspname) || '.' || quote_ident(c.relname) || ' USING ' || quote_ident(am.amname) || ' ('" \
  "      || string_agg(CASE WHEN s.k = i.indnkeyatts THEN ') INCLUDE (' WHEN s.k > 0 THEN ', ' ELSE '' END" \
  "                    || quote_ident(a.attname)" \
  "                    || CASE WHEN s.k < i.indnkeyatts AND am.can_order THEN" \
  "                         CASE WHEN (i.indoption[s.k] & 1) <> 0" \
  "                              THEN ' DESC' || CASE WHEN (i.indoption[s.k] & 2) = 0 THEN ' NULLS LAST' ELSE '' END" \
  "                              WHEN (i.indoption[s.k] & 2) <> 0 THEN ' NULLS FIRST' ELSE '' END" \
  "                       ELSE '' END, '' ORDER BY s.k)" \
  "      || ')' || CASE WHEN " nulls_not_distinct " = 'true' THEN ' NULLS NOT DISTINCT' ELSE '' END" \
  "      || coalesce(' WHERE ' ||" INDEX_PREDICATE ", '') END" \
  /* One row per column from the index's own attributes (an index scan): \
   * generate_series()'s 1,000-row estimate gave a costlier plan, about a \
   * fifth of this query's server time on 20,000 plain indexes.  Each \
   * key's column is then looked up by its number (OFFSET 0 keeps the \
   * subquery a lookup rather than a join the planner may hash). */ \
  "      FROM pg_attribute ia CROSS JOIN LATERAL (SELECT ia.attnum - 1) s(k)" \
  "      CROSS JOIN LATERAL (SELECT a.attname, a.atttypid, a.attcollation FROM pg_attribute a" \
  "                           WHERE a.attrelid = i.indrelid AND a.attnum = i.indkey[s.k] OFFSET 0) a" \
  "      JOIN pg_type t ON t.oid = a.atttypid" \
  "     WHERE ia.attrelid = i.indexrelid AND ia.attnum > 0) END," \
  "   pg_get_indexdef(i.indexrelid)) "

/* %s: NULLS NOT DISTINCT (from 15), or 'false'; twice. */
static const char indexes_sql[] =
  "SELECT ic.oid AS _oid, 0 AS _subid, n.nspname AS _schema, c.relname AS _parent, ic.relname AS _name,"
  "       NULL AS _args, CASE c.relkind WHEN 'm' THEN 'materialized view' ELSE 'table' END AS _parent_kind,"
  "       pn.nspname AS _pof_schema, pc.relname AS _pof_name,"
  "       d.description AS comment," INDEX_DEFINITION ("%1$s") "AS definition, am.amname AS method,"
  "      " INDEX_PREDICATE "AS predicate,"
  "       i.indisunique::text AS \"unique\", %1$s AS nulls_not_distinct, i.indisvalid::text AS valid"
  "  FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid"
  "  JOIN pg_class c ON c.oid = i.indrelid"
  "  JOIN pg_namespace n ON n.oid = ic.relnamespace"
  "  JOIN (SELECT oid, amname, pg_indexam_has_property(oid, 'can_order') AS can_order"
  "          FROM pg_am WHERE amtype = 'i') am ON am.oid = ic.relam"
  "  LEFT JOIN pg_inherits ih ON ih.inhrelid = ic.oid"
  "  LEFT JOIN pg_class pc ON pc.oid = ih.inhparent"
  "  LEFT JOIN pg_namespace pn ON pn.oid = pc.relnamespace"
  COMMENT_JOIN ("d", "pg_class", "ic.oid", "0")
  " WHERE c.relkind IN ('r', 'p', 'm') AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid")
  "   AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conrelid = i.indrelid"
  "                      AND k.conindid = i.indexrelid AND k.contype IN ('p', 'u', 'x'))";

/* %s: 'v' or 'm'. */
static const char views_sql[] =
  "SELECT c.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent, c.relname AS _name, NULL AS _args,"
  "       'pg_rewrite'::regclass::oid AS _alias_class, r.oid AS _alias_oid,"
  "       pg_get_userbyid(c.relowner) AS owner, d.description AS comment, " ACL_UNLESS_DEFAULT ("c.relacl", "r", "c.relowner") " AS acl,"
  "       pg_get_viewdef(c.oid, true) AS definition,"
  "      " SORTED_LIST ("c.reloptions") "AS options,"
  "       CASE WHEN c.relkind = 'm' THEN c.relispopulated::text END AS populated"
  "  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
  "  LEFT JOIN pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'"
  COMMENT_JOIN ("d", "pg_class", "c.oid", "0")
  " WHERE c.relkind = '%s' AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid");

/* %s: whether a trigger is its own (from 13: not a partition's clone). */
static const char triggers_sql[] =
  "SELECT tg.oid AS _oid, 0 AS _subid, n.nspname AS _schema, c.relname AS _parent, tg.tgname AS _name,"
  "       NULL AS _args, CASE c.relkind WHEN 'v' THEN 'view' ELSE 'table' END AS _parent_kind,"
  "       d.description AS comment, pg_get_triggerdef(tg.oid) AS definition,"
  "       CASE tg.tgenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'"
  "                         ELSE 'always' END AS enabled,"
  "       (tg.tgconstraint <> 0)::text AS \"constraint\", %s AS local"
  "  FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid"
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"
  COMMENT_JOIN ("d", "pg_trigger", "tg.oid", "0")
  " WHERE NOT tg.tgisinternal AND c.relkind IN ('r', 'p', 'v')"
  "   AND" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid");

static const char policies_sql[] =
  "SELECT pol.oid AS _oid, 0 AS _subid, n.nspname AS _schema, c.relname AS _parent, pol.polname AS _name,"
  "       NULL AS _args, d.description AS comment,"
  "       CASE pol.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert' WHEN 'w' THEN 'update'"
  "                       WHEN 'd' THEN 'delete' ELSE 'all' END AS command,"
  "       pol.polpermissive::text AS permissive,"
  "       (SELECT string_agg(r, ', ' ORDER BY r COLLATE \"C\")"
  "          FROM (SELECT CASE WHEN ro = 0 THEN 'public' ELSE quote_ident(pg_get_userbyid(ro)) END AS r"
  "                  FROM unnest(pol.polroles) ro) s) AS roles,"
  "       pg_get_expr(pol.polqual, pol.polrelid) AS \"using\","
  "       pg_get_expr(pol.polwithcheck, pol.polrelid) AS with_check"
  "  FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid"
  "  JOIN pg_namespace n ON n.oid = c.relnamespace"
  COMMENT_JOIN ("d", "pg_policy", "pol.oid", "0")
  " WHERE" NS_OK ("n") "AND" NOT_MEMBER ("pg_class", "c.oid");

static const char event_triggers_sql[] =
  "SELECT e.oid AS _oid, 0 AS _subid, NULL AS _schema, NULL AS _parent, e.evtname AS _name, NULL AS _args,"
  "       pg_get_userbyid(e.evtowner) AS owner, d.description AS comment,"
  "       e.evtevent AS event," SORTED_LIST ("e.evttags") "AS tags,"
  "      " QUALIFIED ("pn", "p.proname") "AS function,"
  "       CASE e.evtenabled WHEN 'O' THEN 'origin' WHEN 'D' THEN 'disabled' WHEN 'R' THEN 'replica'"
  "                         ELSE 'always' END AS enabled"
  "  FROM pg_event_trigger e JOIN pg_proc p ON p.oid = e.evtfoid"
  "  JOIN pg_namespace pn ON pn.oid = p.pronamespace"
  COMMENT_JOIN ("d", "pg_event_trigger", "e.oid", "0")
  " WHERE" NOT_MEMBER ("pg_event_trigger", "e.oid");

/* %s: a table's column list and WHERE (from 15), or ''; then the schemas
 * (from 15), or NULL. */
static const char publications_sql[] =
  "SELECT p.oid AS _oid, 0 AS _subid, NULL AS _schema, NULL AS _parent, p.pubname AS _name, NULL AS _args,"
  "       pg_get_userbyid(p.pubowner) AS owner, d.description AS comment,"
  "       p.puballtables::text AS all_tables,"
  "       nullif(concat_ws(', ', CASE WHEN p.pubinsert THEN 'insert' END, CASE WHEN p.pubupdate THEN 'update' END,"
  "                        CASE WHEN p.pubdelete THEN 'delete' END, CASE WHEN p.pubtruncate THEN 'truncate' END),"
  "              '') AS publish,"
  "       p.pubviaroot::text AS via_root,"
  "       (SELECT string_agg(t, ', ' ORDER BY t COLLATE \"C\")"
  "          FROM (SELECT" QUALIFIED ("rn", "rc.relname") "%s AS t"
  "                  FROM pg_publication_rel pr JOIN pg_class rc ON rc.oid = pr.prrelid"
  "                  JOIN pg_namespace rn ON rn.oid = rc.relnamespace"
  "                 WHERE pr.prpubid = p.oid) s) AS tables,"
  "       %s AS schemas"
  "  FROM pg_publication p"
  COMMENT_JOIN ("d", "pg_publication", "p.oid", "0");

static const char publication_rel_details_sql[] =
  " || coalesce(' (' || (SELECT string_agg(quote_ident(pa.attname), ', ' ORDER BY pa.attnum)"
  "                       FROM pg_attribute pa WHERE pa.attrelid = pr.prrelid"
  "                        AND pa.attnum = ANY (pr.prattrs::int2[])) || ')', '')"
  " || coalesce(' WHERE (' || pg_get_expr(pr.prqual, pr.prrelid) || ')', '')";

static const char publication_schemas_sql[] =
  "(SELECT string_agg(quote_ident(sn.nspname), ', ' ORDER BY sn.nspname COLLATE \"C\")"
  "   FROM pg_publication_namespace pn JOIN pg_namespace sn ON sn.oid = pn.pnnspid"
  "  WHERE pn.pnpubid = p.oid)";

static const char default_privileges_sql[] =
  "SELECT a.oid AS _oid, 0 AS _subid, n.nspname AS _schema, NULL AS _parent,"
  "       pg_get_userbyid(a.defaclrole) || ':' ||"
  "         CASE a.defaclobjtype WHEN 'r' THEN 'tables' WHEN 'S' THEN 'sequences' WHEN 'f' THEN 'functions'"
  "                              WHEN 'T' THEN 'types' ELSE 'schemas' END AS _name,"
  "       NULL AS _args, " ACL ("a.defaclacl") " AS acl"
  "  FROM pg_default_acl a LEFT JOIN pg_namespace n ON n.oid = a.defaclnamespace"
  " WHERE a.defaclnamespace = 0 OR" NS_OK ("n");

/* Normal and automatic dependencies between user objects (OIDs from
 * FirstNormalObjectId); internal and extension ones are the object's own
 * business.  The class list lets the server use pg_depend's index. */
static const char dependencies_sql[] =
  "SELECT d.classid, d.objid, d.objsubid, d.refclassid, d.refobjid, d.refobjsubid"
  "  FROM pg_depend d"
  " WHERE d.classid = ANY (ARRAY['pg_class', 'pg_proc', 'pg_type', 'pg_constraint', 'pg_attrdef',"
  "                              'pg_rewrite', 'pg_trigger', 'pg_policy', 'pg_collation',"
  "                              'pg_extension', 'pg_event_trigger']::regclass[]::oid[])"
  "   AND d.objid >= 16384 AND d.refobjid >= 16384 AND d.deptype IN ('n', 'a')";

static void
add_query (GPtrArray         *queries,
           CatalogQueryRole   role,
           SluiceCatalogKind  kind,
           char              *sql)
{
  CatalogQuery *query = g_new0 (CatalogQuery, 1);

  query->role = role;
  query->kind = kind;
  query->sql = sql;
  g_ptr_array_add (queries, query);
}

static void
catalog_query_free (CatalogQuery *query)
{
  g_free (query->sql);
  g_free (query);
}

GPtrArray *
_sluice_catalog_queries_new (int version)
{
  GPtrArray *queries = g_ptr_array_new_with_free_func ((GDestroyNotify) catalog_query_free);
  gboolean v14 = version >= 140000;
  gboolean v15 = version >= 150000;

  add_query (queries, CATALOG_QUERY_OTHER, 0, g_strdup (begin_sql));
  add_query (queries, CATALOG_QUERY_OTHER, 0, g_strdup (settings_sql));
  add_query (queries, CATALOG_QUERY_SERVER, 0, g_strdup (server_sql));

  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_SCHEMA, g_strdup (schemas_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_EXTENSION, g_strdup (extensions_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_COLLATION,
             g_strdup_printf (collations_sql,
                              version >= 170000 ? "c.colllocale" : v15 ? "c.colliculocale" : "c.collcollate"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_TYPE,
             g_strdup_printf (types_sql,
                              v14 ? "nullif(r.rngmultitypid, 0)" : "NULL::oid",
                              v14 ? "CASE WHEN t.typtype = 'r' THEN" QUALIFIED ("mn", "mt.typname") "END" : "NULL",
                              v14 ? "  LEFT JOIN pg_type mt ON mt.oid = r.rngmultitypid"
                                    "  LEFT JOIN pg_namespace mn ON mn.oid = mt.typnamespace" : ""));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_FUNCTION,
             g_strdup_printf (routines_sql,
                              v14 ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END"
                                  : "p.prosrc",
                              "f"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_PROCEDURE,
             g_strdup_printf (routines_sql,
                              v14 ? "CASE WHEN p.prosqlbody IS NOT NULL THEN pg_get_function_sqlbody(p.oid) ELSE p.prosrc END"
                                  : "p.prosrc",
                              "p"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_SEQUENCE, g_strdup (sequences_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_TABLE, g_strdup (tables_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_COLUMN,
             g_strdup_printf (columns_sql,
                              v14 ? "CASE a.attcompression WHEN 'p' THEN 'pglz' WHEN 'l' THEN 'lz4' END" : "NULL"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_CONSTRAINT, g_strdup (constraints_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_INDEX,
             g_strdup_printf (indexes_sql, v15 ? "i.indnullsnotdistinct::text" : "'false'"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_VIEW, g_strdup_printf (views_sql, "v"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_MATERIALIZED_VIEW, g_strdup_printf (views_sql, "m"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_TRIGGER,
             g_strdup_printf (triggers_sql, version >= 130000 ? "(tg.tgparentid = 0)::text" : "'true'"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_POLICY, g_strdup (policies_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_EVENT_TRIGGER, g_strdup (event_triggers_sql));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_PUBLICATION,
             g_strdup_printf (publications_sql,
                              v15 ? publication_rel_details_sql : "",
                              v15 ? publication_schemas_sql : "NULL"));
  add_query (queries, CATALOG_QUERY_OBJECTS, SLUICE_CATALOG_DEFAULT_PRIVILEGES, g_strdup (default_privileges_sql));
  add_query (queries, CATALOG_QUERY_DEPENDENCIES, 0, g_strdup (dependencies_sql));

  add_query (queries, CATALOG_QUERY_OTHER, 0, g_strdup ("COMMIT"));

  return queries;
}
