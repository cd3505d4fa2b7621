// Runs in Node (test tooling). Fake Pod playlists (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/main/rest_router.py): each user's "Favorites", nesting full
// video objects, so that one tagged video in a playlist turns the whole list into Pod 4.x's HTML 500 (https://github.com/EsupPortail/Esup-Pod/blob/4.1.0/pod/video/rest_views.py).
import type { RouteCall } from '../call';
import type { PodRouteModule } from '../server';
import type { PlaylistRecord } from '../state';
import { SerializerCrash, serializeVideo } from './videos';

function serializePlaylist(call: RouteCall, playlist: PlaylistRecord) {
  return {
    id: playlist.id,
    url: call.abs(`/rest/playlists/${playlist.id}/`),
    name: playlist.name,
    visibility: 'private',
    description: '',
    autoplay: true,
    editable: false,
    slug: playlist.slug,
    date_created: '2026-01-01T00:00:00Z',
    date_updated: '2026-01-01T00:00:00Z',
    owner: call.abs(`/rest/users/${playlist.owner}/`),
    additional_owners: [],
    videos: playlist.videos.map((id) => call.state.videoById(id)).filter((video) => video !== undefined).map((video) => serializeVideo(call, video)),
  };
}

export const playlistRoutes: PodRouteModule = {
  name: 'playlists',
  routes: [
    {
      method: 'GET',
      path: /^\/rest\/playlists\/$/,
      handle: (call) => {
        try {
          call.paginate(call.state.playlists, (playlist) => serializePlaylist(call, playlist));
        } catch (error) {
          if (!(error instanceof SerializerCrash)) throw error;
          call.serverErrorHtml();
        }
      },
    },
  ],
};
