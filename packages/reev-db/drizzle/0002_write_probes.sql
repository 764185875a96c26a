CREATE TABLE `write_probes` (
	`id` integer PRIMARY KEY NOT NULL,
	`probed_by` text NOT NULL,
	`probed_at` text NOT NULL
);
