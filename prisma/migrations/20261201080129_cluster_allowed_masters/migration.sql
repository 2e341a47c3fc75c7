-- AlterTable
ALTER TABLE "Cluster" ADD COLUMN "allowedMasters" JSONB;
