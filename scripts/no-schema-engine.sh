#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on this network.
# `prisma generate` never runs it; `prisma migrate ...` and `prisma db ...` would, and are not used here.
echo "This project does not use Prisma's native schema engine." >&2
echo "Create a migration with: npm run db:new-migration -- <name>; migrations apply themselves when the server starts (npm run db:migrate applies them by hand)." >&2
exit 1
