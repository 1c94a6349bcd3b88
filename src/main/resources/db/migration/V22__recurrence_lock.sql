-- Issue 24 (intake): closures of one service and symptom count their recurrences one after the other. The count
-- (policy.PolicyService.countRecurrences) locks one of these 64 rows, chosen by the hash of service and symptom, until
-- its transaction commits, so that a concurrent closure of the same pair counts after it and sees its incident.
-- Fixed rows: nothing to insert when a new pair appears (no insert race); pairs that share a row merely wait.
create table am_recurrence_lock (
    stripe integer primary key
);
insert into am_recurrence_lock (stripe) values (0),(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14),(15),(16),(17),(18),(19),(20),(21),(22),(23),(24),(25),(26),(27),(28),(29),(30),(31),(32),(33),(34),(35),(36),(37),(38),(39),(40),(41),(42),(43),(44),(45),(46),(47),(48),(49),(50),(51),(52),(53),(54),(55),(56),(57),(58),(59),(60),(61),(62),(63);
