-- foreign keys with actions, MATCH FULL and deferrability added to live tables
CREATE TABLE authors (id integer PRIMARY KEY, code text UNIQUE);
CREATE TABLE books (id integer PRIMARY KEY, author_id integer, author_code text,
  CONSTRAINT books_author_fkey FOREIGN KEY (author_id) REFERENCES authors (id) ON DELETE CASCADE ON UPDATE SET NULL DEFERRABLE INITIALLY DEFERRED,
  CONSTRAINT books_code_fkey FOREIGN KEY (author_code) REFERENCES authors (code) MATCH FULL ON DELETE SET DEFAULT);
