CREATE TABLE `agent_performance` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`execution_id` text,
	`benchmark_id` text NOT NULL,
	`agent` text NOT NULL,
	`score` real NOT NULL,
	`final_status` text NOT NULL,
	`passed` integer NOT NULL,
	`execution_time_ms` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `execution_states`(`execution_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "agent_performance_final_status_check" CHECK("final_status" IN ('queued', 'running', 'completed', 'failed', 'stopped', 'timeout', 'interrupted', 'needs_input')),
	CONSTRAINT "agent_performance_score_check" CHECK("score" BETWEEN 0 AND 1),
	CONSTRAINT "agent_performance_execution_time_ms_check" CHECK("execution_time_ms" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `agent_performance_session_uq` ON `agent_performance` (`session_id`);--> statement-breakpoint
CREATE INDEX `agent_performance_agent_created_idx` ON `agent_performance` (`agent`,`created_at`);--> statement-breakpoint
CREATE INDEX `agent_performance_benchmark_idx` ON `agent_performance` (`benchmark_id`);--> statement-breakpoint
CREATE TABLE `benchmarks` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`prompt` text NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `consolidated_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`consolidated_session_id` text NOT NULL,
	`execution_id` text NOT NULL,
	`consolidated_content` text NOT NULL,
	`metadata` text NOT NULL,
	`original_session_ids` text NOT NULL,
	`avg_score` real NOT NULL,
	`total_tools` integer NOT NULL,
	`success_rate` real NOT NULL,
	`execution_duration_ms` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `execution_states`(`execution_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "consolidated_sessions_avg_score_check" CHECK("avg_score" BETWEEN 0 AND 1),
	CONSTRAINT "consolidated_sessions_success_rate_check" CHECK("success_rate" BETWEEN 0 AND 1),
	CONSTRAINT "consolidated_sessions_total_tools_check" CHECK("total_tools" >= 0),
	CONSTRAINT "consolidated_sessions_execution_duration_ms_check" CHECK("execution_duration_ms" >= 0),
	CONSTRAINT "consolidated_sessions_consolidated_content_json_check" CHECK(json_valid("consolidated_content")),
	CONSTRAINT "consolidated_sessions_metadata_json_check" CHECK(json_valid("metadata")),
	CONSTRAINT "consolidated_sessions_original_session_ids_json_check" CHECK(json_valid("original_session_ids") AND json_type("original_session_ids") = 'array')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `consolidated_sessions_id_uq` ON `consolidated_sessions` (`consolidated_session_id`);--> statement-breakpoint
CREATE INDEX `consolidated_sessions_execution_created_idx` ON `consolidated_sessions` (`execution_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `execution_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`execution_id` text NOT NULL,
	`benchmark_id` text,
	`agent` text NOT NULL,
	`interface` text NOT NULL,
	`prompt` text,
	`status` text NOT NULL,
	`score` real,
	`content` text,
	`started_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`ended_at` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `execution_states`(`execution_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "execution_sessions_interface_check" CHECK("interface" IN ('cli', 'api', 'library')),
	CONSTRAINT "execution_sessions_status_check" CHECK("status" IN ('running', 'completed', 'failed', 'stopped', 'timeout', 'interrupted')),
	CONSTRAINT "execution_sessions_score_check" CHECK("score" BETWEEN 0 AND 1),
	CONSTRAINT "execution_sessions_content_json_check" CHECK(json_valid("content"))
);
--> statement-breakpoint
CREATE INDEX `execution_sessions_execution_idx` ON `execution_sessions` (`execution_id`);--> statement-breakpoint
CREATE TABLE `execution_states` (
	`execution_id` text PRIMARY KEY NOT NULL,
	`benchmark_id` text,
	`agent` text NOT NULL,
	`mode` text NOT NULL,
	`status` text NOT NULL,
	`progress` real DEFAULT 0 NOT NULL,
	`score` real,
	`error` text,
	`result` text,
	`metadata` text,
	`owner_pid` integer,
	`owner_host` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`completed_at` text,
	CONSTRAINT "execution_states_mode_check" CHECK("mode" IN ('static', 'dynamic')),
	CONSTRAINT "execution_states_status_check" CHECK("status" IN ('queued', 'running', 'completed', 'failed', 'stopped', 'timeout', 'interrupted', 'needs_input')),
	CONSTRAINT "execution_states_progress_check" CHECK("progress" BETWEEN 0 AND 1),
	CONSTRAINT "execution_states_score_check" CHECK("score" BETWEEN 0 AND 1),
	CONSTRAINT "execution_states_result_json_check" CHECK(json_valid("result")),
	CONSTRAINT "execution_states_metadata_json_check" CHECK(json_valid("metadata"))
);
--> statement-breakpoint
CREATE INDEX `execution_states_benchmark_created_idx` ON `execution_states` (`benchmark_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `execution_states_agent_created_idx` ON `execution_states` (`agent`,`created_at`);--> statement-breakpoint
CREATE INDEX `execution_states_status_created_idx` ON `execution_states` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `execution_states_created_idx` ON `execution_states` (`created_at`);--> statement-breakpoint
CREATE TABLE `session_logs` (
	`session_id` text PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `execution_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_logs_content_json_check" CHECK(json_valid("content"))
);
--> statement-breakpoint
CREATE TABLE `session_tool_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`session_id` text NOT NULL,
	`call_id` text NOT NULL,
	`tool_name` text NOT NULL,
	`started_at` text NOT NULL,
	`duration_ms` real NOT NULL,
	`input` text,
	`output` text,
	`status` text NOT NULL,
	`error` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`session_id`) REFERENCES `execution_sessions`(`session_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "session_tool_calls_status_check" CHECK("status" IN ('success', 'error', 'timeout')),
	CONSTRAINT "session_tool_calls_duration_ms_check" CHECK("duration_ms" >= 0),
	CONSTRAINT "session_tool_calls_input_json_check" CHECK(json_valid("input")),
	CONSTRAINT "session_tool_calls_output_json_check" CHECK(json_valid("output"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `session_tool_calls_session_call_uq` ON `session_tool_calls` (`session_id`,`call_id`);--> statement-breakpoint
CREATE TABLE `step_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`execution_id` text NOT NULL,
	`step_index` integer NOT NULL,
	`step_id` text NOT NULL,
	`session_id` text NOT NULL,
	`content` text NOT NULL,
	`success` integer NOT NULL,
	`error` text,
	`tool_count` integer NOT NULL,
	`score` real NOT NULL,
	`started_at` text NOT NULL,
	`duration_ms` real NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `execution_states`(`execution_id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "step_sessions_step_index_check" CHECK("step_index" >= 0),
	CONSTRAINT "step_sessions_tool_count_check" CHECK("tool_count" >= 0),
	CONSTRAINT "step_sessions_score_check" CHECK("score" BETWEEN 0 AND 1),
	CONSTRAINT "step_sessions_duration_ms_check" CHECK("duration_ms" >= 0),
	CONSTRAINT "step_sessions_content_json_check" CHECK(json_valid("content"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `step_sessions_execution_step_uq` ON `step_sessions` (`execution_id`,`step_index`);