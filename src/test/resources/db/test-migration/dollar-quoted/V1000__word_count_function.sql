-- A PL/pgSQL function: its body is one dollar-quoted string whose lines end in semicolons.
create function feedline_test_word_count(words text) returns int
language plpgsql immutable as $$
declare
  counted int;
begin
  counted := coalesce(array_length(regexp_split_to_array(trim(words), '\s+'), 1), 0);
  return counted;
end;
$$;
