-- AlterEnum
ALTER TYPE "request_status" ADD VALUE 'withdrawn';
