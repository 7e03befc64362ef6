-- Each name form's identifying words, sorted and space-joined ("kihara minoru"). A name then
-- finds the forms it can match by index (forms made of its own words; people who have all its
-- words) instead of reading every person who shares one common word such as "kim" with it,
-- which made each look-up slower as the base grew. Filled for older rows when the base is
-- next opened for writing (allywatch.store.people.key_old_names).
ALTER TABLE person_names ADD COLUMN token_key TEXT;
CREATE INDEX person_names_token_key ON person_names (token_key);
