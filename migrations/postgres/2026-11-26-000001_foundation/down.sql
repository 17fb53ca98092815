DROP TABLE events;
DROP TABLE responses;
DROP TABLE access_codes;
DROP TABLE contacts;
DROP TABLE cases;
DROP TABLE strata;
DROP TABLE surveys;
DROP TABLE questionnaires;
