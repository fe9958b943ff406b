CREATE SEQUENCE ticket_ids;
CREATE TABLE tickets (id integer DEFAULT nextval('ticket_ids'), title text);
