-- A team's own working hours (JSON of the desk's ScheduleSpec: time zone,
-- periods per weekday, holidays); NULL: the desk's hours apply.
ALTER TABLE teams ADD COLUMN hours TEXT;
