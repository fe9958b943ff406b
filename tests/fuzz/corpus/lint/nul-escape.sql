INSERT INND;
  SEL=EC(E'it\'s;', ); SELEcT E'\082'
