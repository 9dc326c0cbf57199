import { unknownRouteHandlers } from '@/app/_http/unknown-route';

export const { GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS } = unknownRouteHandlers;
