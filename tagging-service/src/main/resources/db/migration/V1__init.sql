-- tagging-service schema: tables are added by the issues that build this service.
CREATE TABLE schema_info (name VARCHAR(64) PRIMARY KEY);
