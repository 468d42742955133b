import type { APIRoute } from 'astro';
import { siteShareImage } from '../lib/share-image-response.ts';

export const GET: APIRoute = () => siteShareImage();
