-- Corporate accounts (协议单位): what a company owes on its account (挂账), moved by
-- charges and settlements (the owed effect).
ALTER TABLE accounts ADD COLUMN owed INTEGER NOT NULL DEFAULT 0;
