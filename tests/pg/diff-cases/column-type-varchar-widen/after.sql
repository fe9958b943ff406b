-- varchar(n) widened, varchar to text, numeric precision raised
CREATE TABLE products (name varchar(200), sku text, price numeric(12,2));
