// POST /photos: a progress photo's bytes. Placeholder until the handler lands.
import express, { type Router } from 'express';
import type { Pool } from 'pg';
import type { Storage } from '../storage/s3';
import type { Logger } from '../http/logger';

export function createPhotosRouter(_options: { pool: Pool; storage: Storage; logger: Logger; maxBytes: number }): Router {
  return express.Router();
}
