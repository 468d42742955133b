import type { APIRoute } from 'astro';
import { siteShareImage } from '../share-images/response.ts';

export const GET: APIRoute = () => siteShareImage();
