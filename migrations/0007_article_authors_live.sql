-- An author's newest live stories straight from one index, as 0006 did for tags: an author page
-- sorted every story of the author (about 10,000 at 1,000,000 articles) to show the newest 20.
-- Bylines now carry the same copies of their article's publish_at and listing state, kept exact
-- by the same two trigger functions, which 0006 named for tags alone and now serve both tables.
ALTER TABLE "article_authors" ADD COLUMN "article_publish_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "article_authors" ADD COLUMN "article_listed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "article_authors" b SET "article_publish_at" = a."publish_at", "article_listed" = (a."status" IN ('scheduled', 'published') AND a."deleted_at" IS NULL)
FROM "articles" a WHERE a."id" = b."article_id";--> statement-breakpoint
ALTER FUNCTION "article_tags_copy_article"() RENAME TO "copy_article_listing";--> statement-breakpoint
CREATE TRIGGER "article_authors_copy_article" BEFORE INSERT OR UPDATE OF "article_id" ON "article_authors"
FOR EACH ROW EXECUTE FUNCTION "copy_article_listing"();--> statement-breakpoint
CREATE OR REPLACE FUNCTION "articles_copy_to_tags"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  listed boolean := NEW.status IN ('scheduled', 'published') AND NEW.deleted_at IS NULL;
BEGIN
  UPDATE article_tags SET article_publish_at = NEW.publish_at, article_listed = listed WHERE article_id = NEW.id;
  UPDATE article_authors SET article_publish_at = NEW.publish_at, article_listed = listed WHERE article_id = NEW.id;
  RETURN NULL;
END
$$;--> statement-breakpoint
ALTER FUNCTION "articles_copy_to_tags"() RENAME TO "articles_copy_listing";--> statement-breakpoint
ALTER TRIGGER "articles_copy_to_tags" ON "articles" RENAME TO "articles_copy_listing";--> statement-breakpoint
CREATE INDEX "article_authors_author_live_idx" ON "article_authors" USING btree ("author_id","article_publish_at" DESC NULLS LAST,"article_id" DESC NULLS LAST) WHERE "article_authors"."article_listed";
