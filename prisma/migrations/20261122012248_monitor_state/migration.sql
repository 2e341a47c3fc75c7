-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN "httpAuth" JSONB;
ALTER TABLE "Cluster" ADD COLUMN "recordedState" JSONB;
