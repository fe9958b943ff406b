SELECT "col;
