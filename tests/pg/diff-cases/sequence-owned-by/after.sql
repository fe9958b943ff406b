-- a free sequence becomes owned by a column that uses it
CREATE SEQUENCE ticket_ids;
CREATE TABLE tickets (id integer DEFAULT nextval('ticket_ids'), title text);
ALTER SEQUENCE ticket_ids OWNED BY tickets.id;
