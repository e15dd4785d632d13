CREATE TABLE "articles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"slug" text NOT NULL,
	"headline" text NOT NULL,
	"seo_title" text,
	"seo_description" text,
	"dek" text,
	"label" text,
	"section_id" uuid,
	"body" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"body_text" text DEFAULT '' NOT NULL,
	"teaser" text,
	"lead_image_id" uuid,
	"lead_image_caption" text,
	"status" text DEFAULT 'draft' NOT NULL,
	"publish_at" timestamp (3) with time zone,
	"unpublish_at" timestamp (3) with time zone,
	"first_published_at" timestamp (3) with time zone,
	"search_vector" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('english', coalesce("articles"."headline", '')), 'A') || setweight(to_tsvector('english', coalesce("articles"."dek", '')), 'B') || setweight(to_tsvector('english', coalesce("articles"."body_text", '')), 'C')) STORED NOT NULL,
	CONSTRAINT "articles_status_valid" CHECK ("articles"."status" IN ('draft', 'scheduled', 'published', 'unpublished')),
	CONSTRAINT "articles_window_ordered" CHECK ("articles"."unpublish_at" IS NULL OR "articles"."publish_at" IS NULL OR "articles"."unpublish_at" > "articles"."publish_at"),
	CONSTRAINT "articles_live_needs_publish_at" CHECK ("articles"."status" NOT IN ('scheduled', 'published') OR "articles"."publish_at" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "article_authors" (
	"article_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"role" text DEFAULT 'By' NOT NULL,
	CONSTRAINT "article_authors_article_id_author_id_pk" PRIMARY KEY("article_id","author_id")
);
--> statement-breakpoint
CREATE TABLE "article_tags" (
	"article_id" uuid NOT NULL,
	"tag_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "article_tags_article_id_tag_id_pk" PRIMARY KEY("article_id","tag_id")
);
--> statement-breakpoint
CREATE TABLE "authors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"role_title" text,
	"bio" text,
	"photo_id" uuid,
	"social_links" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "media_assets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"url" text NOT NULL,
	"alt" text DEFAULT '' NOT NULL,
	"caption" text,
	"width" integer,
	"height" integer,
	"mime_type" text NOT NULL,
	"credit_creator" text,
	"credit_provider" text,
	"licence_name" text,
	"licence_url" text,
	"licence_expires_at" timestamp (3) with time zone,
	"credit_line" text,
	CONSTRAINT "media_assets_dimensions_positive" CHECK (("media_assets"."width" IS NULL OR "media_assets"."width" > 0) AND ("media_assets"."height" IS NULL OR "media_assets"."height" > 0))
);
--> statement-breakpoint
CREATE TABLE "promo_blocks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"kind" text NOT NULL,
	"placement" text NOT NULL,
	"title" text NOT NULL,
	"body" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"link_url" text,
	"link_label" text,
	"starts_at" timestamp (3) with time zone,
	"ends_at" timestamp (3) with time zone,
	"section_id" uuid,
	"priority" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "promo_blocks_kind_valid" CHECK ("promo_blocks"."kind" IN ('newsletter', 'appeal', 'cta', 'banner')),
	CONSTRAINT "promo_blocks_placement_valid" CHECK ("promo_blocks"."placement" IN ('top', 'after-headline', 'after-body', 'sidebar', 'end')),
	CONSTRAINT "promo_blocks_window_ordered" CHECK ("promo_blocks"."ends_at" IS NULL OR "promo_blocks"."starts_at" IS NULL OR "promo_blocks"."ends_at" > "promo_blocks"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "related_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"article_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"target_article_id" uuid,
	"url" text,
	"headline" text,
	"teaser" text,
	CONSTRAINT "related_links_one_target" CHECK (("related_links"."target_article_id" IS NULL) <> ("related_links"."url" IS NULL)),
	CONSTRAINT "related_links_not_self" CHECK ("related_links"."target_article_id" IS DISTINCT FROM "related_links"."article_id"),
	CONSTRAINT "related_links_external_needs_headline" CHECK ("related_links"."url" IS NULL OR "related_links"."headline" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "sections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"parent_id" uuid,
	"position" integer DEFAULT 0 NOT NULL,
	"kind" text DEFAULT 'standard' NOT NULL,
	"tagline" text,
	CONSTRAINT "sections_not_own_parent" CHECK ("sections"."parent_id" IS DISTINCT FROM "sections"."id"),
	CONSTRAINT "sections_kind_valid" CHECK ("sections"."kind" IN ('standard', 'vertical'))
);
--> statement-breakpoint
CREATE TABLE "site_settings" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"name" text NOT NULL,
	"tagline" text,
	"url" text,
	"language" text DEFAULT 'en' NOT NULL,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"social_links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"newsletter_title" text,
	"newsletter_text" text,
	"newsletter_url" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "site_settings_single_row" CHECK ("site_settings"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "slug_redirects" (
	"from_slug" text PRIMARY KEY NOT NULL,
	"article_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tags" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"deleted_at" timestamp (3) with time zone,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text
);
--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "articles" ADD CONSTRAINT "articles_lead_image_id_media_assets_id_fk" FOREIGN KEY ("lead_image_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_authors" ADD CONSTRAINT "article_authors_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_authors" ADD CONSTRAINT "article_authors_author_id_authors_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."authors"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_tags" ADD CONSTRAINT "article_tags_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "article_tags" ADD CONSTRAINT "article_tags_tag_id_tags_id_fk" FOREIGN KEY ("tag_id") REFERENCES "public"."tags"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "authors" ADD CONSTRAINT "authors_photo_id_media_assets_id_fk" FOREIGN KEY ("photo_id") REFERENCES "public"."media_assets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promo_blocks" ADD CONSTRAINT "promo_blocks_section_id_sections_id_fk" FOREIGN KEY ("section_id") REFERENCES "public"."sections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "related_links" ADD CONSTRAINT "related_links_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "related_links" ADD CONSTRAINT "related_links_target_article_id_articles_id_fk" FOREIGN KEY ("target_article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sections" ADD CONSTRAINT "sections_parent_id_sections_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."sections"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slug_redirects" ADD CONSTRAINT "slug_redirects_article_id_articles_id_fk" FOREIGN KEY ("article_id") REFERENCES "public"."articles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "articles_slug_key" ON "articles" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "articles_live_publish_at_idx" ON "articles" USING btree ("publish_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "articles"."status" IN ('scheduled', 'published') AND "articles"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "articles_section_live_idx" ON "articles" USING btree ("section_id","publish_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "articles"."status" IN ('scheduled', 'published') AND "articles"."deleted_at" IS NULL;--> statement-breakpoint
CREATE INDEX "articles_search_vector_idx" ON "articles" USING gin ("search_vector");--> statement-breakpoint
CREATE INDEX "articles_updated_at_idx" ON "articles" USING btree ("updated_at" DESC NULLS LAST,"id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "article_authors_author_id_idx" ON "article_authors" USING btree ("author_id");--> statement-breakpoint
CREATE INDEX "article_tags_tag_id_idx" ON "article_tags" USING btree ("tag_id");--> statement-breakpoint
CREATE UNIQUE INDEX "authors_slug_key" ON "authors" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "media_assets_created_at_idx" ON "media_assets" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "promo_blocks_window_idx" ON "promo_blocks" USING btree ("starts_at","ends_at") WHERE "promo_blocks"."deleted_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "related_links_article_position_key" ON "related_links" USING btree ("article_id","position");--> statement-breakpoint
CREATE INDEX "related_links_target_article_id_idx" ON "related_links" USING btree ("target_article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sections_slug_key" ON "sections" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "sections_parent_id_idx" ON "sections" USING btree ("parent_id","position");--> statement-breakpoint
CREATE INDEX "slug_redirects_article_id_idx" ON "slug_redirects" USING btree ("article_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tags_slug_key" ON "tags" USING btree ("slug");