ALTER TABLE "articles" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "excerpt" text;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "word_count" integer;--> statement-breakpoint
ALTER TABLE "articles" ADD COLUMN "body_media_ids" jsonb GENERATED ALWAYS AS (jsonb_path_query_array("articles"."body", '$[*] ? (@._type == "image").mediaId')) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "promo_blocks" ADD COLUMN "body_html" text;--> statement-breakpoint
ALTER TABLE "promo_blocks" ADD COLUMN "body_text" text;--> statement-breakpoint
CREATE INDEX "articles_body_media_ids_idx" ON "articles" USING gin ("body_media_ids");