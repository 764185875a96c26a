CREATE TABLE `llm_responses` (
	`cache_key` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`base_url` text NOT NULL,
	`turn` integer NOT NULL,
	`entry` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "llm_responses_turn_check" CHECK("turn" >= 1),
	CONSTRAINT "llm_responses_entry_json_check" CHECK(json_valid("entry"))
);
--> statement-breakpoint
CREATE INDEX `llm_responses_model_created_idx` ON `llm_responses` (`model`,`created_at`);