-- Checks: a plpgsql function created and another dropped.
CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2) RETURNS numeric
  LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
  RETURN amount * (1 + rate);
END
$$;
