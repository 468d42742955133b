import type { APIRoute } from 'astro';
import { siteShareImage } from '../lib/share-images.ts';

export const GET: APIRoute = () => siteShareImage();
