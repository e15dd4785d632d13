-- Start-up fills the renditions of rows written before they existed (body_html IS NULL). Its
-- search walked the primary key and read every article to find none: on a cold start at
-- 1,000,000 articles that outlived the 15 s statement timeout and the server did not start.
-- Rows get their renditions when written, so this index holds only what is left to fill.
CREATE INDEX "articles_renditions_missing_idx" ON "articles" USING btree ("id") WHERE "articles"."body_html" IS NULL;